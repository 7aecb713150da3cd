package dev.maildock.rar.imap;

import java.util.Arrays;

/**
 * A sequence-set as the client wrote it (RFC 9051 section 9): numbers and ranges where
 * {@link #STAR} stands for {@code *}, or {@code $}, the saved search result (RFC 5182). It becomes
 * a {@code UidSet} only against the session's view of the mailbox, which may change between
 * commands, so the parser keeps it unresolved: {@link SelectedMailbox#resolve} does that.
 *
 * @param bounds first/last pairs in the client's order; a range's ends may come in either order
 * @param saved  {@code $}: the saved search result
 */
public record SequenceSet(long[] bounds, boolean saved) {

    /** {@code *}: the highest message sequence number or UID in the mailbox. */
    public static final long STAR = 0;
    /** The largest nz-number (RFC 9051 section 9). */
    static final long MAX_NUMBER = 0xFFFF_FFFFL;
    /** {@code 1:*}. */
    static final SequenceSet ALL = new SequenceSet(new long[] {1, STAR}, false);

    public SequenceSet {
        bounds = bounds.clone();
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
