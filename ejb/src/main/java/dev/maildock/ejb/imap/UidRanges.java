package dev.maildock.ejb.imap;

import dev.maildock.ejb.common.InLists;
import dev.maildock.rar.api.imap.UidSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@link UidSet} as a JPQL condition on {@code e.uid}: the ranges themselves when there are few,
 * else the span from the first to the last UID, to be filtered with {@link UidSet#contains} (a
 * set like {@code 1,3,5,...} would otherwise bind hundreds of parameters).
 */
final class UidRanges {

    /** Ranges written into the statement; more are read as one span and filtered. */
    static final int MAX_RANGES = 16;
    /** Scattered UIDs listed one by one in an IN list, at most (a FETCH slice is 256 or 4,096). */
    static final int MAX_LISTED = 512;

    private UidRanges() {
    }

    /** The condition (never empty: an empty set matches nothing), its parameters put into {@code parameters}. */
    static String condition(UidSet set, String prefix, Map<String, Object> parameters) {
        long[] b = set.bounds();
        if (b.length == 0) {
            return "e.uid < 0";
        }
        // The span always: Derby reads the (folder, UID) index from the first to the last UID and
        // filters by the ranges; with an OR of ranges alone it read every row of the folder (a
        // slice of a FETCH over a folder with gaps: 9,900 rows for 256, seen in its query plan).
        int given = b.length / 2;
        if (given > MAX_RANGES) {
            List<Long> listed = listed(b);
            if (listed != null) {
                parameters.put(prefix + "in", listed);
                return "e.uid IN :" + prefix + "in";
            }
        }
        parameters.put(prefix + "lo", b[0]);
        parameters.put(prefix + "hi", b[b.length - 1]);
        String span = "e.uid BETWEEN :" + prefix + "lo AND :" + prefix + "hi";
        if (given == 1 || given > MAX_RANGES) {
            return span;
        }
        // 2, 4, 8 or 16 ranges, the last repeated: four statement shapes rather than fifteen, so
        // they stay in the prepared-statement cache (a new shape is a Derby compile, ~1 ms).
        int ranges = InLists.paddedSize(given);
        StringBuilder jpql = new StringBuilder("(").append(span).append(" AND (");
        for (int i = 0; i < 2 * ranges; i += 2) {
            int at = Math.min(i, b.length - 2);
            parameters.put(prefix + i, b[at]);
            parameters.put(prefix + (i + 1), b[at + 1]);
            jpql.append(i == 0 ? "" : " OR ").append("e.uid BETWEEN :").append(prefix).append(i)
                    .append(" AND :").append(prefix).append(i + 1);
        }
        return jpql.append("))").toString();
    }

    /**
     * A scattered set of few UIDs (CHANGEDSINCE's changed messages, a client's list) as the UIDs
     * themselves, for an IN list Derby answers with an index probe each: by its span it read every
     * row between the first and the last. {@link InLists#padded}; null when the set names more
     * than {@link #MAX_LISTED} UIDs.
     */
    private static List<Long> listed(long[] b) {
        long count = 0;
        for (int i = 0; i < b.length; i += 2) {
            count += b[i + 1] - b[i] + 1;
        }
        if (count > MAX_LISTED) {
            return null;
        }
        List<Long> uids = new ArrayList<>((int) count);
        for (int i = 0; i < b.length; i += 2) {
            for (long uid = b[i]; uid <= b[i + 1]; uid++) {
                uids.add(uid);
            }
        }
        return InLists.padded(uids);
    }

    /** Whether {@link #condition} is exact for this set (else its rows need {@link UidSet#contains}). */
    static boolean exact(UidSet set) {
        return set.bounds().length / 2 <= MAX_RANGES;
    }
}
