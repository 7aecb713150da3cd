package dev.maildock.provider.spi;

import java.io.Serializable;
import java.time.Instant;
import java.util.Set;

/** One message of a folder as a listing knows it, without its bytes. */
public record MessageInfo(long uid, long size, Instant received, Set<Flag> flags) implements Serializable {

    public MessageInfo {
        flags = Set.copyOf(flags);
    }
}
