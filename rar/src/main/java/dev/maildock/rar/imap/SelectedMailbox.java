package dev.maildock.rar.imap;

import dev.maildock.rar.api.imap.ExpungedSince;
import dev.maildock.rar.api.imap.MailboxChanges;
import dev.maildock.rar.api.imap.MessageFlags;
import dev.maildock.rar.api.imap.Selection;
import dev.maildock.rar.api.imap.UidSet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The selected mailbox as this session's client sees it (RFC 9051 sections 5.2, 5.5, 7.4.1 and
 * 7.5.1): its UIDs in sequence-number order, and the rules that bring that view up to date with
 * what the platform says changed, as the untagged {@link MailboxUpdate}s to send.
 * <p>
 * The view is one {@code long[]} with room to grow (message sequence number n is {@code uids[n-1]}),
 * never an object per message: a session on a 100,000-message mailbox holds 800 KB, and a
 * delivery while it idles appends without copying. Flags are not kept: the platform reports
 * flag changes with the MODSEQ they got, and the session passes them on.
 * <p>
 * Everything the platform reports is applied by UID and anything the view does not know is
 * ignored, so reports may overlap: the session's own EXPUNGE, MOVE or STORE is applied at once
 * and comes back harmlessly with the next {@link #apply}. Used on the session's event loop only.
 */
public final class SelectedMailbox {

    /** {@code *} in a sequence set, as the parser writes it ({@code SequenceSet.STAR}). */
    public static final long STAR = 0;

    private final long mailboxId;
    private final long uidValidity;
    private final boolean readOnly;
    private long uidNext;
    /** The MODSEQ the session has applied changes up to: what it asks {@code changes} after. */
    private long modSeq;
    /** UID → MODSEQ of flags the session's own STORE already told the client, above {@link #modSeq}. */
    private final Map<Long, Long> told = new HashMap<>();
    private long[] uids;
    private int count;
    /**
     * Every UID at or below this was in the view once or can never be (UIDs are not reused): a
     * reported UID above it is a new message, one at or below it that the view lacks is gone.
     */
    private long highestUidSeen;
    /** Expunged UIDs not yet told to the client (ascending, still in {@link #uids}). */
    private long[] heldExpunges = new long[0];
    private final List<String> keywords;
    /** The saved search result (RFC 5182 SEARCHRES); a new selection starts empty. */
    private UidSet savedResult = new UidSet(new long[0]);
    /**
     * The UIDs that are {@code \Recent} to this session (IMAP4rev1), as first/last pairs in the
     * order the platform let the session claim them (ascending, a few ranges: one per claim).
     */
    private long[] recent = new long[0];

    /**
     * @param readOnly EXAMINE, or SELECT of a mailbox the client may not change
     */
    public SelectedMailbox(Selection selection, boolean readOnly) {
        this.mailboxId = selection.mailboxId();
        this.uidValidity = selection.uidValidity();
        this.readOnly = readOnly;
        this.uidNext = selection.uidNext();
        this.modSeq = selection.highestModSeq();
        this.uids = selection.uids().clone();
        this.count = uids.length;
        this.highestUidSeen = Math.max(selection.uidNext() - 1, count == 0 ? 0 : uids[count - 1]);
        this.keywords = new ArrayList<>(selection.keywords());
        claimRecent(selection.firstRecentUid(), selection.uidNext() - 1);
    }

    public long mailboxId() {
        return mailboxId;
    }

    public long uidValidity() {
        return uidValidity;
    }

    public boolean readOnly() {
        return readOnly;
    }

    public long uidNext() {
        return uidNext;
    }

    public long modSeq() {
        return modSeq;
    }

    /** The number of messages as the client knows it (the last EXISTS, less EXPUNGEs sent since). */
    public int exists() {
        return count;
    }

    /** The keywords in use in the mailbox, for FLAGS and PERMANENTFLAGS. */
    public List<String> keywords() {
        return List.copyOf(keywords);
    }

    /** Whether the message is {@code \Recent} to this session. */
    public boolean isRecent(long uid) {
        for (int i = 0; i < recent.length; i += 2) {
            if (uid >= recent[i] && uid <= recent[i + 1]) {
                return true;
            }
        }
        return false;
    }

    /** How many messages of the view are {@code \Recent} to this session (the RECENT response). */
    public int recentCount() {
        int n = 0;
        for (int i = 0; i < recent.length; i += 2) {
            n += insertionPoint(recent[i + 1] + 1) - insertionPoint(recent[i]);
        }
        return n;
    }

    /** The UIDs that are {@code \Recent} to this session, for SEARCH RECENT, NEW and OLD. */
    public UidSet recentUids() {
        return new UidSet(recent.clone());
    }

    public boolean hasHeldExpunges() {
        return heldExpunges.length > 0;
    }

    // ---------------------------------------------------------------- sequence numbers and UIDs

    /** The UID of message {@code sequenceNumber} (1 to {@link #exists()}). */
    public long uid(int sequenceNumber) {
        if (sequenceNumber < 1 || sequenceNumber > count) {
            throw new IndexOutOfBoundsException("No message " + sequenceNumber + " of " + count);
        }
        return uids[sequenceNumber - 1];
    }

    /** The sequence number of the message with this UID, or 0 when the view has none. */
    public int sequenceNumber(long uid) {
        int at = Arrays.binarySearch(uids, 0, count, uid);
        return at >= 0 ? at + 1 : 0;
    }

    /**
     * A sequence set read as message sequence numbers ({@code *} the last message), as the UIDs
     * of those messages: runs of messages with consecutive UIDs become one range, found by
     * galloping search, so {@code 1:*} costs a few steps per gap in the UIDs, not one per message.
     *
     * @param bounds first/last pairs as the client wrote them (either end may be {@link #STAR},
     *               either may be the larger)
     * @return the UIDs, or null when a number is beyond the mailbox (or any number at all while
     *         it is empty, {@code *} included): RFC 9051 section 7.1 makes that a BAD
     */
    public UidSet sequenceNumbersToUids(long[] bounds) {
        long[] pairs = new long[bounds.length];
        for (int i = 0; i < bounds.length; i += 2) {
            long first = bounds[i] == STAR ? count : bounds[i];
            long last = bounds[i + 1] == STAR ? count : bounds[i + 1];
            if (Math.min(first, last) < 1 || Math.max(first, last) > count) {
                return null;
            }
            pairs[i] = Math.min(first, last);
            pairs[i + 1] = Math.max(first, last);
        }
        pairs = UidRanges.sorted(pairs);
        UidRanges out = new UidRanges();
        int done = 0; // messages before this index are already in out
        for (int i = 0; i < pairs.length; i += 2) {
            int from = Math.max(done, (int) pairs[i] - 1);
            int to = (int) pairs[i + 1] - 1;
            while (from <= to) {
                int end = endOfRun(from, to);
                out.add(uids[from], uids[end]);
                from = end + 1;
            }
            done = Math.max(done, to + 1);
        }
        return out.toUidSet();
    }

    /**
     * The last index in {@code from..to} whose UID continues the run of consecutive UIDs starting
     * at {@code from}: UIDs ascend, so {@code uids[j] - uids[from] == j - from} holds up to some
     * index and not after it.
     */
    private int endOfRun(int from, int to) {
        int good = from;
        int step = 1;
        while (good + step <= to && uids[good + step] - uids[from] == good + step - from) {
            good += step;
            step <<= 1;
        }
        int bad = Math.min(to + 1, good + step);
        while (bad - good > 1) {
            int middle = (good + bad) >>> 1;
            if (uids[middle] - uids[from] == middle - from) {
                good = middle;
            } else {
                bad = middle;
            }
        }
        return good;
    }

    /**
     * A sequence set read as UIDs ({@code UID FETCH} and friends): {@code *} is the highest UID
     * in the view, so {@code 559:*} includes the last message even when 559 is above its UID
     * (RFC 9051 section 6.4.9). The result is cut to the UIDs the client can know (up to the last
     * message it was told of): a newer message cannot be reported without its EXISTS. UIDs in the
     * range that do not exist stay in the set: the platform skips them.
     */
    public UidSet uidsOf(long[] bounds) {
        if (count == 0) {
            return new UidSet(new long[0]);
        }
        return within(bounds, uids[count - 1], uids[0], uids[count - 1]);
    }

    /** {@code bounds} with {@code *} as {@code star}, cut to {@code lowest..highest}, sorted and joined. */
    private static UidSet within(long[] bounds, long star, long lowest, long highest) {
        long[] pairs = new long[bounds.length];
        int length = 0;
        for (int i = 0; i < bounds.length; i += 2) {
            long first = bounds[i] == STAR ? star : bounds[i];
            long last = bounds[i + 1] == STAR ? star : bounds[i + 1];
            long low = Math.max(lowest, Math.min(first, last));
            long high = Math.min(highest, Math.max(first, last));
            if (low <= high) {
                pairs[length++] = low;
                pairs[length++] = high;
            }
        }
        pairs = UidRanges.sorted(Arrays.copyOf(pairs, length));
        UidRanges out = new UidRanges();
        for (int i = 0; i < pairs.length; i += 2) {
            out.add(pairs[i], pairs[i + 1]);
        }
        return out.toUidSet();
    }

    /**
     * The UIDs a QRESYNC client asks about ({@code known-uids}, or a UID FETCH's set for
     * VANISHED): {@code *} and the top are the highest UID it can know of, so a message
     * delivered since is never called vanished; unlike {@link #uidsOf} the set is not cut to the
     * view, as UIDs below its lowest are what VANISHED is about.
     */
    public UidSet knownUids(long[] bounds) {
        return within(bounds, highestUidSeen, 1, highestUidSeen);
    }

    /**
     * QRESYNC's {@code VANISHED (EARLIER)} (RFC 7162 sections 3.2.5 and 3.2.6) among {@code known}:
     * the UIDs the expunge log names that the view lacks (one expunged after the view was read is
     * still in it and is told later, as any expunge); when the log no longer reaches back, every
     * UID of {@code known} the view lacks, as ranges (RFC 7162 lets a server name UIDs that never
     * existed).
     */
    public UidSet vanished(UidSet known, ExpungedSince logged) {
        UidRanges out = new UidRanges();
        if (logged.complete()) {
            for (long uid : logged.uids()) {
                if (known.contains(uid) && sequenceNumber(uid) == 0) {
                    out.add(uid, uid);
                }
            }
            return out.toUidSet();
        }
        long[] bounds = known.bounds();
        for (int i = 0; i < bounds.length; i += 2) {
            long next = bounds[i];
            int at = Arrays.binarySearch(uids, 0, count, next);
            for (at = at < 0 ? -at - 1 : at; at < count && uids[at] <= bounds[i + 1]; at++) {
                if (uids[at] > next) {
                    out.add(next, uids[at] - 1);
                }
                next = uids[at] + 1;
            }
            if (next <= bounds[i + 1]) {
                out.add(next, bounds[i + 1]);
            }
        }
        return out.toUidSet();
    }

    /**
     * A sequence set as the parser left it, against this view: {@code $} is the saved result,
     * else {@link #uidsOf} for a UID command or {@link #sequenceNumbersToUids}.
     *
     * @return the UIDs, or null when a sequence number is beyond the mailbox (BAD)
     */
    public UidSet resolve(SequenceSet set, boolean uid) {
        if (set.saved()) {
            return savedResult;
        }
        return uid ? uidsOf(set.bounds()) : sequenceNumbersToUids(set.bounds());
    }

    /**
     * For SEARCH, which only filters: as {@link #resolve}, but message sequence numbers beyond
     * the mailbox match nothing instead of making the command BAD (Dovecot answers so, and
     * imaptest expects it).
     */
    public UidSet resolveForSearch(SequenceSet set, boolean uid) {
        if (set.saved() || uid) {
            return resolve(set, uid);
        }
        long[] bounds = set.bounds();
        long[] within = new long[bounds.length];
        int n = 0;
        for (int i = 0; i < bounds.length; i += 2) {
            long first = bounds[i] == STAR ? count : bounds[i];
            long last = bounds[i + 1] == STAR ? count : bounds[i + 1];
            long low = Math.max(1, Math.min(first, last));
            long high = Math.min(count, Math.max(first, last));
            if (low <= high) {
                within[n++] = low;
                within[n++] = high;
            }
        }
        return n == 0 ? new UidSet(new long[0]) : sequenceNumbersToUids(Arrays.copyOf(within, n));
    }

    /**
     * The next slice of a FETCH: up to {@code max} UIDs of {@code set} above {@code after} that
     * the view holds, as ranges. A UID set may name far more UIDs than exist (UID FETCH 1:*), so
     * the slice follows the view, a binary search per range of the set.
     */
    public UidSet slice(UidSet set, long after, int max) {
        UidRanges out = new UidRanges();
        long[] bounds = set.bounds();
        int taken = 0;
        for (int i = 0; i < bounds.length && taken < max; i += 2) {
            long from = Math.max(bounds[i], after + 1);
            int at = Arrays.binarySearch(uids, 0, count, from);
            for (at = at < 0 ? -at - 1 : at; at < count && uids[at] <= bounds[i + 1] && taken < max; at++, taken++) {
                out.add(uids[at], uids[at]);
            }
        }
        return out.toUidSet();
    }

    /** {@code $}: the saved search result (RFC 5182), empty until a SEARCH saves one. */
    public UidSet savedResult() {
        return savedResult;
    }

    /** SEARCH RETURN (SAVE): replaces the saved result. */
    public void saveResult(UidSet uids) {
        savedResult = uids;
    }

    // ---------------------------------------------------------------- changes

    /**
     * Brings the view up to date with what the platform reports changed after {@link #modSeq()}:
     * expunges first (their numbers count in the old view), then FLAGS for new keywords, EXISTS
     * for new messages, and a FETCH for each known message whose flags changed.
     *
     * @param expungesAllowed false while a FETCH, STORE or SEARCH (not the UID forms) runs or the
     *                        command used sequence numbers: RFC 9051 section 7.5.1 forbids
     *                        EXPUNGE then, so expunged messages stay in the view (held) and are
     *                        told at the next update that allows them
     * @param vanished        the client enabled QRESYNC: VANISHED instead of EXPUNGE
     */
    public List<MailboxUpdate> apply(MailboxChanges changes, boolean expungesAllowed, boolean vanished) {
        List<MailboxUpdate> updates = new ArrayList<>();
        hold(changes.expunged());
        if (expungesAllowed) {
            removeHeld(vanished, updates);
        }
        boolean newKeywords = false;
        int before = count;
        List<MessageFlags> changed = changes.changed();
        for (MessageFlags message : changed) {
            newKeywords |= learnKeywords(message);
            // A message added and expunged since the last look is no news.
            if (message.uid() > highestUidSeen && Arrays.binarySearch(changes.expunged(), message.uid()) < 0) {
                append(message.uid());
            }
        }
        if (newKeywords) {
            updates.add(new MailboxUpdate.Flags(keywords));
        }
        claimRecent(changes.firstRecentUid(), changes.uidNext() - 1);
        if (count > before) {
            updates.add(new MailboxUpdate.Exists(count));
            updates.add(new MailboxUpdate.Recent(recentCount()));
        }
        for (MessageFlags message : changed) {
            int sequenceNumber = sequenceNumber(message.uid());
            Long toldAt = told.get(message.uid());
            if (sequenceNumber > 0 && sequenceNumber <= before && (toldAt == null || toldAt < message.modSeq())) {
                updates.add(new MailboxUpdate.FetchFlags(sequenceNumber, message, isRecent(message.uid())));
            }
        }
        uidNext = Math.max(uidNext, changes.uidNext());
        modSeq = Math.max(modSeq, changes.highestModSeq());
        told.values().removeIf(at -> at <= modSeq);
        return updates;
    }

    /**
     * The session's own EXPUNGE, UID EXPUNGE or MOVE removed these UIDs (ascending): the responses
     * that tell the client, held expunges included (the command is one that may send them).
     */
    public List<MailboxUpdate> expunged(long[] expunged, boolean vanished) {
        hold(expunged);
        List<MailboxUpdate> updates = new ArrayList<>(1);
        removeHeld(vanished, updates);
        return updates;
    }

    /**
     * The session's own STORE (or the \Seen a FETCH set) changed these messages: a FETCH for each
     * the view knows, FLAGS first if a keyword is new. The MODSEQ the view asks from stays as it
     * is: changes from elsewhere may lie below these, and the next {@link #apply} reports them,
     * but not these again (kept in {@link #told} until the view's MODSEQ passes them).
     */
    public List<MailboxUpdate> flagsStored(List<MessageFlags> stored) {
        List<MailboxUpdate> updates = new ArrayList<>(stored.size() + 1);
        boolean newKeywords = false;
        for (MessageFlags message : stored) {
            newKeywords |= learnKeywords(message);
            int sequenceNumber = sequenceNumber(message.uid());
            if (sequenceNumber > 0) {
                updates.add(new MailboxUpdate.FetchFlags(sequenceNumber, message, isRecent(message.uid())));
                told.put(message.uid(), message.modSeq());
            }
        }
        if (newKeywords) {
            updates.add(0, new MailboxUpdate.Flags(keywords));
        }
        return updates;
    }

    /**
     * Adds the expunged UIDs (ascending) the view knows to the held ones; the others need no
     * telling, so what is held never outgrows the view, however long expunges must wait.
     */
    private void hold(long[] expunged) {
        long[] known = new long[expunged.length];
        int length = 0;
        for (long uid : expunged) {
            if (sequenceNumber(uid) > 0) {
                known[length++] = uid;
            }
        }
        if (length > 0) {
            heldExpunges = union(heldExpunges, Arrays.copyOf(known, length));
        }
    }

    /** Removes the held expunges from the view, adding the one response that tells the client. */
    private void removeHeld(boolean vanished, List<MailboxUpdate> updates) {
        if (heldExpunges.length == 0) {
            return;
        }
        int[] removedAt = new int[heldExpunges.length];
        int removed = 0;
        for (long uid : heldExpunges) {
            int at = Arrays.binarySearch(uids, 0, count, uid);
            if (at >= 0) {
                removedAt[removed++] = at;
            }
        }
        heldExpunges = new long[0];
        if (removed == 0) {
            return;
        }
        long[] gone = new long[removed];
        int[] sequenceNumbers = new int[removed];
        int kept = removedAt[0];
        for (int i = 0; i < removed; i++) {
            gone[i] = uids[removedAt[i]];
            // Each EXPUNGE renumbers the messages after it: i of them have gone before this one.
            sequenceNumbers[i] = removedAt[i] + 1 - i;
            int nextGone = i + 1 < removed ? removedAt[i + 1] : count;
            int run = nextGone - removedAt[i] - 1;
            System.arraycopy(uids, removedAt[i] + 1, uids, kept, run);
            kept += run;
        }
        count = kept;
        updates.add(vanished ? new MailboxUpdate.Vanished(UidRanges.of(gone, 0, removed))
                : new MailboxUpdate.Expunge(sequenceNumbers));
    }

    /** UIDs {@code first} to {@code last} became this session's {@code \Recent} ones (none when first > last). */
    private void claimRecent(long first, long last) {
        if (first > last) {
            return;
        }
        int n = recent.length;
        if (n > 0 && recent[n - 1] + 1 >= first) {
            recent[n - 1] = Math.max(recent[n - 1], last);
            return;
        }
        recent = Arrays.copyOf(recent, n + 2);
        recent[n] = first;
        recent[n + 1] = last;
    }

    /** The index in the view where {@code uid} is or would go. */
    private int insertionPoint(long uid) {
        int at = Arrays.binarySearch(uids, 0, count, uid);
        return at >= 0 ? at : -at - 1;
    }

    private void append(long uid) {
        if (count == uids.length) {
            uids = Arrays.copyOf(uids, Math.max(16, count + (count >> 1)));
        }
        uids[count++] = uid;
        highestUidSeen = uid;
    }

    /** Adds the message's keywords the mailbox did not have yet; true if there were any. */
    private boolean learnKeywords(MessageFlags message) {
        return learnKeywords(message.keywords());
    }

    /**
     * Adds keywords a FETCH is about to show that the client was not told of (set by another
     * session since the last update); true if there were any: a {@code * FLAGS} must go first
     * (RFC 9051 section 7.3.5).
     */
    public boolean learnKeywords(List<String> shown) {
        boolean learned = false;
        for (String keyword : shown) {
            if (keywords.stream().noneMatch(keyword::equalsIgnoreCase)) {
                keywords.add(keyword);
                learned = true;
            }
        }
        return learned;
    }

    /** The union of two ascending arrays, ascending, without repeats. */
    private static long[] union(long[] a, long[] b) {
        if (a.length == 0) {
            return b.clone();
        }
        long[] out = new long[a.length + b.length];
        int i = 0;
        int j = 0;
        int length = 0;
        while (i < a.length || j < b.length) {
            long next = j == b.length || (i < a.length && a[i] <= b[j]) ? a[i] : b[j];
            if (i < a.length && a[i] == next) {
                i++;
            }
            if (j < b.length && b[j] == next) {
                j++;
            }
            out[length++] = next;
        }
        return Arrays.copyOf(out, length);
    }
}
