package dev.maildock.ejb.mailbox;

import java.io.Serializable;
import java.util.List;

/** One page of a listing and how many items the whole listing has. */
public record Page<T>(List<T> items, long total, int offset, int limit) implements Serializable {

    public Page {
        items = List.copyOf(items);
    }
}
