package dev.maildock.ejb.common;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
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

    /** The power of two at or above {@code n} (at least 1). */
    public static int paddedSize(int n) {
        return n <= 1 ? 1 : Integer.bitCount(n) == 1 ? n : Integer.highestOneBit(n) << 1;
    }

    /**
     * {@code values} (not empty) made {@link #paddedSize} long by repeating the last: each length
     * of an IN list is a statement of its own, which Derby compiles once per shape, so padded
     * lists keep the shapes to a few and the statements in the cache.
     */
    public static <T> List<T> padded(List<T> values) {
        List<T> padded = new ArrayList<>(paddedSize(values.size()));
        padded.addAll(values);
        while (padded.size() < paddedSize(values.size())) {
            padded.add(values.get(values.size() - 1));
        }
        return padded;
    }

    /** The parameter markers of a JDBC {@code IN (...)} list of {@code n} values: "?, ?, ?". */
    public static String placeholders(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    /** Binds {@code ids} to the parameters from {@code first} (1-based) on. */
    public static void bind(PreparedStatement q, int first, List<Long> ids) throws SQLException {
        for (int i = 0; i < ids.size(); i++) {
            q.setLong(first + i, ids.get(i));
        }
    }
}
