package dev.maildock.rar.imap;

import dev.maildock.rar.api.imap.MailboxChanges;
import dev.maildock.rar.api.imap.MessageFlags;
import dev.maildock.rar.api.imap.Selection;
import dev.maildock.rar.api.imap.SystemFlag;
import dev.maildock.rar.api.imap.UidSet;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;

import static dev.maildock.rar.imap.SelectedMailbox.STAR;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SelectedMailboxTest {

    private static final long[] NONE = {};

    private static SelectedMailbox mailbox(long uidNext, long... uids) {
        return new SelectedMailbox(new Selection(7, 3857529045L, uidNext, 100, uids, 0, List.of("$Forwarded"), Long.MAX_VALUE), false);
    }

    /** Messages with UIDs 1..n. */
    private static SelectedMailbox dense(int n) {
        return mailbox(n + 1, LongStream.rangeClosed(1, n).toArray());
    }

    private static MessageFlags flags(long uid, long modSeq, String... keywords) {
        return new MessageFlags(uid, Set.of(SystemFlag.SEEN), List.of(keywords), modSeq);
    }

    private static MailboxChanges changes(long modSeq, long uidNext, long[] expunged, MessageFlags... changed) {
        return new MailboxChanges(modSeq, uidNext, expunged, List.of(changed), Long.MAX_VALUE);
    }

    private static long[] bounds(UidSet set) {
        return set.bounds();
    }

    @Test
    void sequenceNumbersAndUidsMapBothWays() {
        SelectedMailbox box = mailbox(30, 4, 9, 10, 22);
        assertEquals(4, box.exists());
        assertEquals(9, box.uid(2));
        assertEquals(3, box.sequenceNumber(10));
        assertEquals(0, box.sequenceNumber(5), "no such UID in the view");
        assertThrows(IndexOutOfBoundsException.class, () -> box.uid(5));
        assertThrows(IndexOutOfBoundsException.class, () -> box.uid(0));
    }

    @Test
    void sequenceSetsBecomeUidRangesOnePerRunOfConsecutiveUids() {
        SelectedMailbox box = mailbox(30, 4, 9, 10, 11, 22, 23);
        // {bounds as written, expected UID bounds}
        long[][][] table = {
                {{1, STAR}, {4, 4, 9, 11, 22, 23}},
                {{STAR, STAR}, {23, 23}},
                {{STAR, 3}, {10, 11, 22, 23}},
                {{2, 4}, {9, 11}},
                {{5, 6, 1, 1}, {4, 4, 22, 23}},
                {{2, 3, 3, 4}, {9, 11}},
                {{1, 1, 2, 2}, {4, 4, 9, 9}},
        };
        for (long[][] row : table) {
            assertArrayEquals(row[1], bounds(box.sequenceNumbersToUids(row[0])), () -> Arrays.toString(row[0]));
        }
    }

    @Test
    void aSequenceNumberBeyondTheMailboxIsRefused() {
        assertNull(mailbox(30, 4, 9).sequenceNumbersToUids(new long[] {1, 3}));
        assertNull(mailbox(30, 4, 9).sequenceNumbersToUids(new long[] {STAR, 3}));
        assertNull(mailbox(1).sequenceNumbersToUids(new long[] {1, STAR}), "1:* on an empty mailbox");
        assertNull(mailbox(1).sequenceNumbersToUids(new long[] {STAR, STAR}));
    }

    @Test
    void oneToStarOverAHundredThousandMessagesIsOneRangeAndQuick() {
        SelectedMailbox box = dense(100_000);
        assertArrayEquals(new long[] {1, 100_000}, bounds(box.sequenceNumbersToUids(new long[] {1, STAR})));
        long[] gappy = LongStream.rangeClosed(1, 100_000).map(n -> n * 2).toArray();
        UidSet every = mailbox(200_001, gappy).sequenceNumbersToUids(new long[] {1, STAR});
        assertEquals(200_000, bounds(every).length, "every other UID: one range per message");
    }

    @Test
    void uidSetsUseTheHighestUidForStarAndStayWithinTheView() {
        SelectedMailbox box = mailbox(600, 4, 9, 10, 500);
        long[][][] table = {
                {{1, STAR}, {4, 500}},
                {{559, STAR}, {500, 500}}, // RFC 9051 section 6.4.9: includes the last message
                {{STAR, STAR}, {500, 500}},
                {{600, 700}, {}}, // newer than anything the client was told of
                {{1, 3}, {}},
                {{9, 9, 5, 6}, {5, 6, 9, 9}},
                {{3, 5, 6, 10}, {4, 10}},
        };
        for (long[][] row : table) {
            assertArrayEquals(row[1], bounds(box.uidsOf(row[0])), () -> Arrays.toString(row[0]));
        }
        assertTrue(mailbox(8).uidsOf(new long[] {1, STAR}).isEmpty(), "UID FETCH 1:* on an empty mailbox");
    }

    @Test
    void expungesFollowRfc9051SectionSevenFiveOne() {
        // RFC 9051 7.5.1: messages 3, 4, 7 and 11 expunged are sent as 3, 3, 5, 8.
        SelectedMailbox box = dense(12);
        List<MailboxUpdate> updates = box.apply(changes(101, 13, new long[] {3, 4, 7, 11}), true, false);
        assertEquals(1, updates.size());
        assertArrayEquals(new int[] {3, 3, 5, 8}, assertInstanceOf(MailboxUpdate.Expunge.class, updates.get(0))
                .sequenceNumbers());
        assertEquals(8, box.exists());
        assertArrayEquals(new long[] {1, 2, 5, 6, 8, 9, 10, 12},
                LongStream.rangeClosed(1, 8).map(n -> box.uid((int) n)).toArray());
        assertEquals(101, box.modSeq());
    }

    @Test
    void vanishedNamesTheExpungedUidsAsRanges() {
        SelectedMailbox box = dense(10);
        List<MailboxUpdate> updates = box.expunged(new long[] {2, 3, 4, 8}, true);
        assertArrayEquals(new long[] {2, 4, 8, 8},
                assertInstanceOf(MailboxUpdate.Vanished.class, updates.get(0)).uids().bounds());
        assertEquals(6, box.exists());
    }

    @Test
    void expungesAreHeldDuringFetchStoreSearchAndToldLater() {
        SelectedMailbox box = dense(5);
        List<MailboxUpdate> during = box.apply(changes(101, 7, new long[] {2}, flags(2, 101), flags(6, 101)), false,
                false);
        assertEquals(List.of(new MailboxUpdate.Exists(6), new MailboxUpdate.Recent(0),
                        new MailboxUpdate.FetchFlags(2, flags(2, 101), false)), during,
                "EXISTS and FETCH only; message 2 is still there for the client");
        assertTrue(box.hasHeldExpunges());
        assertEquals(6, box.exists());
        box.apply(changes(101, 7, new long[] {40, 41}), false, false);
        assertEquals(6, box.exists(), "expunges of UIDs the view never had are not held");
        assertEquals(2, box.sequenceNumber(2));

        List<MailboxUpdate> later = box.apply(changes(101, 7, NONE), true, false);
        assertArrayEquals(new int[] {2}, ((MailboxUpdate.Expunge) later.get(0)).sequenceNumbers());
        assertFalse(box.hasHeldExpunges());
        assertEquals(5, box.exists());
        assertEquals(5, box.sequenceNumber(6));
    }

    @Test
    void newMessagesAreAppendedAndAnnouncedWithExists() {
        SelectedMailbox box = mailbox(5, 1, 2, 4);
        List<MailboxUpdate> updates = box.apply(changes(105, 8, NONE, flags(2, 102), flags(5, 103), flags(7, 104)),
                true, false);
        assertEquals(List.of(new MailboxUpdate.Exists(5), new MailboxUpdate.Recent(0),
                new MailboxUpdate.FetchFlags(2, flags(2, 102), false)), updates);
        assertEquals(5, box.sequenceNumber(7));
        assertEquals(8, box.uidNext());
        assertEquals(105, box.modSeq());
    }

    @Test
    void expungesComeBeforeExistsAndFetchUsesTheNewNumbers() {
        SelectedMailbox box = dense(4);
        List<MailboxUpdate> updates = box.apply(changes(110, 6, new long[] {1}, flags(3, 109), flags(5, 110)), true,
                false);
        assertEquals(4, updates.size());
        assertArrayEquals(new int[] {1}, ((MailboxUpdate.Expunge) updates.get(0)).sequenceNumbers());
        assertEquals(new MailboxUpdate.Exists(4), updates.get(1));
        assertEquals(new MailboxUpdate.FetchFlags(2, flags(3, 109), false), updates.get(3));
    }

    @Test
    void reportsOfUidsTheViewDoesNotKnowAreIgnored() {
        SelectedMailbox box = mailbox(20, 1, 5, 9);
        box.expunged(new long[] {5}, false);
        // The session's own expunge comes back with the next changes; an added-then-expunged
        // message (12) and a flag change of a message already gone (5) are not news either.
        List<MailboxUpdate> updates = box.apply(changes(120, 20, new long[] {5, 12}, flags(5, 118), flags(12, 119)),
                true, false);
        assertEquals(List.of(), updates);
        assertEquals(2, box.exists());
        assertEquals(0, box.sequenceNumber(12));
        assertEquals(List.of(), box.apply(changes(121, 20, NONE, flags(3, 121)), true, false),
                "UID 3 is below UIDNEXT at SELECT and not in the view: expunged before");
    }

    @Test
    void aNewKeywordSendsFlagsFirst() {
        SelectedMailbox box = dense(3);
        List<MailboxUpdate> updates = box.flagsStored(List.of(flags(2, 150, "$Junk"), flags(3, 150, "$forwarded")));
        assertEquals(new MailboxUpdate.Flags(List.of("$Forwarded", "$Junk")), updates.get(0));
        assertEquals(new MailboxUpdate.FetchFlags(2, flags(2, 150, "$Junk"), false), updates.get(1));
        assertEquals(3, updates.size());
        assertEquals(100, box.modSeq(), "the session's own STORE does not move the MODSEQ it asks from");
    }

    @Test
    void recentMessagesAreTheOnesThisSessionClaimed() {
        SelectedMailbox box = new SelectedMailbox(new Selection(7, 1, 6, 100, new long[] {1, 2, 3, 4, 5}, 0, List.of(),
                4), false);
        assertEquals(2, box.recentCount(), "UIDs 4 and 5, claimed by SELECT");
        assertFalse(box.isRecent(3));
        assertTrue(box.isRecent(4));
        // Another session claimed 6; this one gets 7 and 8, announced with the EXISTS.
        MailboxChanges delivered = new MailboxChanges(103, 9, NONE, List.of(flags(6, 101), flags(7, 102),
                flags(8, 103)), 7);
        assertEquals(List.of(new MailboxUpdate.Exists(8), new MailboxUpdate.Recent(4)), box.apply(delivered, true, false));
        assertFalse(box.isRecent(6));
        assertArrayEquals(new long[] {4, 5, 7, 8}, box.recentUids().bounds());
        box.expunged(new long[] {5, 7}, false);
        assertEquals(2, box.recentCount(), "expunged messages are recent no more");
        assertEquals(new MailboxUpdate.FetchFlags(6, flags(8, 104), true),
                box.flagsStored(List.of(flags(8, 104))).get(0));
    }

    @Test
    void theSavedSearchResultStartsEmptyWithEachSelection() {
        SelectedMailbox box = dense(3);
        assertTrue(box.savedResult().isEmpty());
        box.saveResult(UidSet.range(2, 3));
        assertArrayEquals(new long[] {2, 3}, box.savedResult().bounds());
        assertTrue(dense(3).savedResult().isEmpty());
    }

    @Test
    void manyDeliveriesWhileIdleGrowTheViewWithoutLosingOrder() {
        SelectedMailbox box = mailbox(1);
        for (long uid = 1; uid <= 1000; uid++) {
            assertEquals(List.of(new MailboxUpdate.Exists((int) uid), new MailboxUpdate.Recent(0)),
                    box.apply(changes(100 + uid, uid + 1, NONE, flags(uid, 100 + uid)), true, false));
        }
        assertArrayEquals(new long[] {1, 1000}, box.sequenceNumbersToUids(new long[] {1, STAR}).bounds());
        List<MailboxUpdate> updates = box.apply(changes(2000, 1001, LongStream.rangeClosed(1, 1000).toArray()), true,
                false);
        assertEquals(1000, ((MailboxUpdate.Expunge) updates.get(0)).sequenceNumbers().length);
        assertEquals(0, box.exists());
        assertTrue(box.uidsOf(new long[] {1, STAR}).isEmpty());
    }

    /** What the session's own STORE told the client is not told again when the change comes back from the platform. */
    @Test
    void ownStoreIsNotToldTwice() {
        SelectedMailbox box = mailbox(10, 1, 2, 3);
        box.flagsStored(List.of(flags(2, 101)));
        List<MailboxUpdate> updates = box.apply(changes(102, 10, NONE, flags(2, 101), flags(3, 102)), true, false);
        assertEquals(List.of(new MailboxUpdate.FetchFlags(3, flags(3, 102), false)), updates);
        // A later change of the same message is news again.
        updates = box.apply(changes(103, 10, NONE, flags(2, 103)), true, false);
        assertEquals(List.of(new MailboxUpdate.FetchFlags(2, flags(2, 103), false)), updates);
    }

    /** SEARCH only filters: numbers beyond the mailbox match nothing, where FETCH would answer BAD. */
    @Test
    void searchTakesNumbersBeyondTheMailboxAsNoMatch() {
        SelectedMailbox box = mailbox(10, 4, 7, 9);
        assertEquals(null, box.resolve(new SequenceSet(new long[] {2, 5}, false), false));
        assertArrayEquals(new long[] {7, 7, 9, 9}, bounds(box.resolveForSearch(new SequenceSet(new long[] {2, 5}, false), false)));
        assertTrue(box.resolveForSearch(new SequenceSet(new long[] {1000, 1000}, false), false).isEmpty());
        assertArrayEquals(new long[] {9, 9}, bounds(box.resolveForSearch(new SequenceSet(new long[] {STAR, 100}, false), false)));
    }
}
