package dev.maildock.ejb.imap;

import dev.maildock.rar.api.imap.UidSet;

import java.util.Map;

/**
 * A {@link UidSet} as a JPQL condition on {@code e.uid}: the ranges themselves when there are few,
 * else the span from the first to the last UID, to be filtered with {@link UidSet#contains} (a
 * set like {@code 1,3,5,...} would otherwise bind hundreds of parameters).
 */
final class UidRanges {

    /** Ranges written into the statement; more are read as one span and filtered. */
    static final int MAX_RANGES = 16;

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
        parameters.put(prefix + "lo", b[0]);
        parameters.put(prefix + "hi", b[b.length - 1]);
        String span = "e.uid BETWEEN :" + prefix + "lo AND :" + prefix + "hi";
        int given = b.length / 2;
        if (given == 1 || given > MAX_RANGES) {
            return span;
        }
        // 2, 4, 8 or 16 ranges, the last repeated: four statement shapes rather than fifteen, so
        // they stay in the prepared-statement cache (a new shape is a Derby compile, ~1 ms).
        int ranges = Integer.bitCount(given) == 1 ? given : Integer.highestOneBit(given) << 1;
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

    /** Whether {@link #condition} is exact for this set (else its rows need {@link UidSet#contains}). */
    static boolean exact(UidSet set) {
        return set.bounds().length / 2 <= MAX_RANGES;
    }
}
