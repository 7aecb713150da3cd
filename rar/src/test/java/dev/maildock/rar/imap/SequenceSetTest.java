package dev.maildock.rar.imap;

import dev.maildock.rar.api.imap.SearchKey;
import dev.maildock.rar.api.imap.UidSet;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SequenceSetTest {

    private static final long[] UIDS = {3, 4, 5, 9, 10, 20};
    private static final long STAR = SequenceSet.STAR;

    private static long[] sequence(long... bounds) throws ImapSyntaxException {
        return new SequenceSet(bounds, false).resolveSequenceNumbers(UIDS, null).bounds();
    }

    private static long[] uids(long[] mailbox, long... bounds) {
        return new SequenceSet(bounds, false).resolveUids(mailbox, null).bounds();
    }

    @Test
    void sequenceNumbersBecomeRunsOfConsecutiveUids() throws Exception {
        assertArrayEquals(new long[] {3, 5, 9, 10, 20, 20}, sequence(1, STAR));
        assertArrayEquals(new long[] {20, 20}, sequence(STAR, STAR));
        assertArrayEquals(new long[] {4, 5, 9, 9}, sequence(4, 2));
        assertArrayEquals(new long[] {3, 3, 9, 10}, sequence(5, 4, 1, 1, 4, 4));
    }

    @Test
    void aSequenceNumberBeyondTheMailboxIsAnError() {
        assertThrows(ImapSyntaxException.class, () -> sequence(7, 7));
        assertThrows(ImapSyntaxException.class,
                () -> new SequenceSet(new long[] {1, STAR}, false).resolveSequenceNumbers(new long[0], null));
    }

    @Test
    void uidSetsKeepTheirRangesWithStarAsTheHighestUid() {
        assertArrayEquals(new long[] {1, 20}, uids(UIDS, 1, STAR));
        assertArrayEquals(new long[] {20, 25}, uids(UIDS, 25, STAR));
        assertArrayEquals(new long[] {2, 8, 10, 12}, uids(UIDS, 10, 12, 2, 5, 5, 8));
        assertArrayEquals(new long[] {1, 5}, uids(new long[0], 5, STAR));
        assertArrayEquals(new long[0], uids(new long[0], STAR, STAR));
    }

    @Test
    void dollarIsTheSavedResultOrNothing() throws Exception {
        SequenceSet saved = new SequenceSet(new long[0], true);
        UidSet result = UidSet.range(4, 5);
        assertEquals(result, saved.resolveSequenceNumbers(UIDS, result));
        assertArrayEquals(new long[0], saved.resolveUids(UIDS, null).bounds());
    }

    @Test
    void searchTermsResolveIntoThePlatformsKeys() throws Exception {
        SearchTerm term = new SearchTerm.Or(new SearchTerm.Messages(new SequenceSet(new long[] {2, 3}, false), false),
                new SearchTerm.Not(new SearchTerm.Messages(new SequenceSet(new long[] {9, STAR}, false), true)));
        SearchKey key = new SearchTerm.And(List.of(term)).toKey(UIDS, null);
        SearchKey.Or or = (SearchKey.Or) ((SearchKey.And) key).keys().get(0);
        assertArrayEquals(new long[] {4, 5}, ((SearchKey.Uids) or.left()).set().bounds());
        assertArrayEquals(new long[] {9, 20}, ((SearchKey.Uids) ((SearchKey.Not) or.right()).key()).set().bounds());
    }
}
