package dev.maildock.rar.imap;

import dev.maildock.rar.api.imap.UidSet;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Builds a {@link UidSet} from ascending numbers or ranges, joining each one to the previous when
 * they touch: {@code 1:*} over a mailbox without gaps stays one range, however many messages.
 */
final class UidRanges {

    private long[] bounds = new long[8];
    private int length;

    /** Adds {@code first..last}; {@code first} is above every number added so far. */
    void add(long first, long last) {
        if (length > 0 && first <= bounds[length - 1] + 1) {
            bounds[length - 1] = Math.max(bounds[length - 1], last);
            return;
        }
        if (length + 2 > bounds.length) {
            bounds = Arrays.copyOf(bounds, bounds.length * 2);
        }
        bounds[length++] = first;
        bounds[length++] = last;
    }

    UidSet toUidSet() {
        return new UidSet(Arrays.copyOf(bounds, length));
    }

    /** {@code uids}, ascending, as ranges. */
    static UidSet of(long[] uids, int from, int to) {
        UidRanges ranges = new UidRanges();
        for (int i = from; i < to; i++) {
            ranges.add(uids[i], uids[i]);
        }
        return ranges.toUidSet();
    }

    /**
     * First/last pairs in any order, each with {@code first <= last}, sorted by first (a client
     * may write {@code 7,1:3}); the usual ascending set is returned as it is.
     */
    static long[] sorted(long[] pairs) {
        boolean ascending = true;
        for (int i = 2; i < pairs.length && ascending; i += 2) {
            ascending = pairs[i] > pairs[i - 2];
        }
        if (ascending) {
            return pairs;
        }
        long[][] split = new long[pairs.length / 2][];
        for (int i = 0; i < split.length; i++) {
            split[i] = new long[] {pairs[2 * i], pairs[2 * i + 1]};
        }
        Arrays.sort(split, Comparator.comparingLong(pair -> pair[0]));
        long[] out = new long[pairs.length];
        for (int i = 0; i < split.length; i++) {
            out[2 * i] = split[i][0];
            out[2 * i + 1] = split[i][1];
        }
        return out;
    }
}
