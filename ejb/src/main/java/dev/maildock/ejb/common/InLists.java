package dev.maildock.ejb.common;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Ids for an {@code IN :ids} parameter in slices of a bounded length. PostgreSQL's protocol takes
 * at most 32,767 bind parameters per statement, and a POP3 client deleting a whole large maildrop
 * at QUIT, or an account deleted with all its mail, can name more ids than that.
 */
public final class InLists {

    public static final int SLICE = 1000;

    private InLists() {
    }

    public static <T> List<List<T>> slices(Collection<T> ids) {
        List<T> all = List.copyOf(ids);
        List<List<T>> slices = new ArrayList<>();
        for (int i = 0; i < all.size(); i += SLICE) {
            slices.add(all.subList(i, Math.min(i + SLICE, all.size())));
        }
        return slices;
    }
}
