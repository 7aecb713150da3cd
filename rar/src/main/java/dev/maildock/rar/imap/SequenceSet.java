package dev.maildock.rar.imap;

import dev.maildock.rar.api.imap.UidSet;

import java.util.Arrays;
import java.util.Comparator;

/**
 * A sequence-set as the client wrote it (RFC 9051 section 9): numbers and ranges where
 * {@link #STAR} stands for {@code *}, or {@code $}, the saved search result (RFC 5182). It becomes
 * a {@link UidSet} only against the session's view of the mailbox, which may change between
 * commands, so the parser keeps it unresolved.
 *
 * @param bounds first/last pairs in the client's order; a range's ends may come in either order
 * @param saved  {@code $}: the saved search result
 */
public record SequenceSet(long[] bounds, boolean saved) {

    /** {@code *}: the highest message sequence number or UID in the mailbox. */
    public static final long STAR = 0;
    /** The largest nz-number (RFC 9051 section 9). */
    static final long MAX_NUMBER = 0xFFFF_FFFFL;
    private static final long[] NONE = {};

    public SequenceSet {
        bounds = bounds.clone();
    }

    /**
     * As UIDs, reading each number as a message sequence number: {@code n} is {@code uids[n - 1]}.
     *
     * @param uids  the session's UIDs of the selected mailbox, ascending
     * @param saved the saved search result, or null when there is none (then {@code $} is empty)
     * @throws ImapSyntaxException a number beyond the mailbox (RFC 9051 section 7.1: BAD)
     */
    public UidSet resolveSequenceNumbers(long[] uids, UidSet saved) throws ImapSyntaxException {
        if (this.saved) {
            return saved == null ? new UidSet(NONE) : saved;
        }
        long[] ranges = new long[bounds.length];
        for (int i = 0; i < bounds.length; i += 2) {
            long first = bounds[i] == STAR ? uids.length : bounds[i];
            long last = bounds[i + 1] == STAR ? uids.length : bounds[i + 1];
            if (Math.max(first, last) > uids.length || Math.min(first, last) < 1) {
                throw new ImapSyntaxException(null, "Message sequence number beyond the mailbox");
            }
            ranges[i] = Math.min(first, last);
            ranges[i + 1] = Math.max(first, last);
        }
        long[] merged = merge(ranges);
        // Consecutive sequence numbers are consecutive UIDs only without gaps: one range per run.
        long[] out = new long[8];
        int count = 0;
        for (int i = 0; i < merged.length; i += 2) {
            for (int n = (int) merged[i] - 1; n < merged[i + 1]; n++) {
                if (count > 0 && out[count - 1] + 1 == uids[n]) {
                    out[count - 1] = uids[n];
                } else {
                    if (count + 2 > out.length) {
                        out = Arrays.copyOf(out, out.length * 2);
                    }
                    out[count++] = uids[n];
                    out[count++] = uids[n];
                }
            }
        }
        return new UidSet(Arrays.copyOf(out, count));
    }

    /**
     * As UIDs ({@code UID FETCH} and friends, the {@code UID} search key): {@code *} is the highest
     * UID in the mailbox (RFC 9051 section 6.4.9; in an empty mailbox, no UID). UIDs that do not
     * exist stay in the set: the platform skips them.
     */
    public UidSet resolveUids(long[] uids, UidSet saved) {
        if (this.saved) {
            return saved == null ? new UidSet(NONE) : saved;
        }
        long star = uids.length == 0 ? 0 : uids[uids.length - 1];
        long[] ranges = new long[bounds.length];
        int count = 0;
        for (int i = 0; i < bounds.length; i += 2) {
            long first = bounds[i] == STAR ? star : bounds[i];
            long last = bounds[i + 1] == STAR ? star : bounds[i + 1];
            long high = Math.max(first, last);
            if (high >= 1) {
                ranges[count++] = Math.max(1, Math.min(first, last));
                ranges[count++] = high;
            }
        }
        return new UidSet(merge(Arrays.copyOf(ranges, count)));
    }

    /** Ranges (first <= last) sorted, overlapping and adjacent ones joined. */
    private static long[] merge(long[] ranges) {
        if (isNormal(ranges)) {
            return ranges; // the usual case: a client writes its sets ascending
        }
        long[][] pairs = new long[ranges.length / 2][];
        for (int i = 0; i < pairs.length; i++) {
            pairs[i] = new long[] {ranges[2 * i], ranges[2 * i + 1]};
        }
        Arrays.sort(pairs, Comparator.comparingLong(pair -> pair[0]));
        long[] out = new long[ranges.length];
        int count = 0;
        for (long[] pair : pairs) {
            if (count > 0 && pair[0] <= out[count - 1] + 1) {
                out[count - 1] = Math.max(out[count - 1], pair[1]);
            } else {
                out[count++] = pair[0];
                out[count++] = pair[1];
            }
        }
        return Arrays.copyOf(out, count);
    }

    private static boolean isNormal(long[] ranges) {
        for (int i = 2; i < ranges.length; i += 2) {
            if (ranges[i] <= ranges[i - 1] + 1) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SequenceSet set && set.saved == saved && Arrays.equals(set.bounds, bounds);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bounds) * 31 + Boolean.hashCode(saved);
    }

    @Override
    public String toString() {
        if (saved) {
            return "$";
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < bounds.length; i += 2) {
            text.append(i == 0 ? "" : ",").append(bounds[i] == STAR ? "*" : Long.toString(bounds[i]));
            if (bounds[i + 1] != bounds[i]) {
                text.append(':').append(bounds[i + 1] == STAR ? "*" : Long.toString(bounds[i + 1]));
            }
        }
        return text.toString();
    }
}
