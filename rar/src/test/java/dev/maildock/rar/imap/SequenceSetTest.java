package dev.maildock.rar.imap;

import dev.maildock.rar.api.imap.SearchKey;
import dev.maildock.rar.api.imap.Selection;
import dev.maildock.rar.api.imap.UidSet;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Parsed sequence sets and SEARCH programs resolved against a selected mailbox. */
class SequenceSetTest {

    private static final long STAR = SequenceSet.STAR;
    private static final SelectedMailbox MAILBOX = mailbox(3, 4, 5, 9, 10, 20);

    private static SelectedMailbox mailbox(long... uids) {
        return new SelectedMailbox(new Selection(1, 1, 21, 1, uids, 0, List.of(), Long.MAX_VALUE), false);
    }

    private static long[] sequence(long... bounds) {
        return MAILBOX.resolve(new SequenceSet(bounds, false), false).bounds();
    }

    private static long[] uids(SelectedMailbox mailbox, long... bounds) {
        return mailbox.resolve(new SequenceSet(bounds, false), true).bounds();
    }

    @Test
    void sequenceNumbersBecomeRunsOfConsecutiveUids() {
        assertArrayEquals(new long[] {3, 5, 9, 10, 20, 20}, sequence(1, STAR));
        assertArrayEquals(new long[] {20, 20}, sequence(STAR, STAR));
        assertArrayEquals(new long[] {4, 5, 9, 9}, sequence(4, 2));
        assertArrayEquals(new long[] {3, 3, 9, 10}, sequence(5, 4, 1, 1, 4, 4));
    }

    @Test
    void aSequenceNumberBeyondTheMailboxResolvesToNothing() {
        assertNull(MAILBOX.resolve(new SequenceSet(new long[] {7, 7}, false), false));
        assertNull(mailbox().resolve(new SequenceSet(new long[] {1, STAR}, false), false));
    }

    @Test
    void uidSetsAreCutToTheMailboxWithStarAsTheHighestUid() {
        assertArrayEquals(new long[] {3, 20}, uids(MAILBOX, 1, STAR));
        assertArrayEquals(new long[] {20, 20}, uids(MAILBOX, 25, STAR));
        assertArrayEquals(new long[] {3, 8, 10, 12}, uids(MAILBOX, 10, 12, 2, 5, 5, 8));
        assertArrayEquals(new long[0], uids(mailbox(), 5, STAR));
    }

    @Test
    void dollarIsTheSavedResult() {
        SequenceSet saved = new SequenceSet(new long[0], true);
        SelectedMailbox mailbox = mailbox(3, 4, 5);
        assertArrayEquals(new long[0], mailbox.resolve(saved, true).bounds());
        UidSet result = UidSet.range(4, 5);
        mailbox.saveResult(result);
        assertEquals(result, mailbox.resolve(saved, false));
    }

    @Test
    void searchTermsResolveIntoThePlatformsKeys() throws Exception {
        SearchTerm term = new SearchTerm.Or(new SearchTerm.Messages(new SequenceSet(new long[] {2, 3}, false), false),
                new SearchTerm.Not(new SearchTerm.Messages(new SequenceSet(new long[] {9, STAR}, false), true)));
        SearchKey key = new SearchTerm.And(List.of(term)).toKey(MAILBOX);
        SearchKey.Or or = (SearchKey.Or) ((SearchKey.And) key).keys().get(0);
        assertArrayEquals(new long[] {4, 5}, ((SearchKey.Uids) or.left()).set().bounds());
        assertArrayEquals(new long[] {9, 20}, ((SearchKey.Uids) ((SearchKey.Not) or.right()).key()).set().bounds());
        // SEARCH only filters: a number beyond the mailbox matches nothing (as Dovecot answers).
        SearchTerm beyond = new SearchTerm.Messages(new SequenceSet(new long[] {7, 7}, false), false);
        assertEquals(new SearchKey.None(), beyond.toKey(MAILBOX));
    }
}
