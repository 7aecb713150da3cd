package dev.maildock.rar.imap;

import dev.maildock.rar.api.ImapListener;
import dev.maildock.rar.api.imap.ExpungedSince;
import dev.maildock.rar.api.imap.SearchKey;
import dev.maildock.rar.api.imap.UidSet;

import java.util.List;

/**
 * What CHANGEDSINCE (RFC 7162 section 3.1.4) and a QRESYNC resync (section 3.2.5) ask the
 * platform, in one hop: the UIDs changed after a MODSEQ, found by the database's MODSEQ index,
 * so that FETCH reads only those (100 changes in a 100,000-message mailbox are a few slices, not
 * 400), and, for VANISHED, what the expunge log says.
 *
 * @param changed  UIDs among those asked about whose MODSEQ is above it, ascending
 * @param expunged the expunge log's answer, or null when VANISHED was not asked for
 */
record ChangedSince(long[] changed, ExpungedSince expunged) {

    /**
     * On the platform's thread.
     *
     * @param vanishedAmong the UIDs VANISHED is about, or null when it is not asked for
     */
    static ChangedSince of(ImapListener listener, String account, long mailboxId, UidSet within, long modSeq,
            UidSet vanishedAmong) {
        long[] changed = within.isEmpty() || modSeq == Long.MAX_VALUE ? new long[0] : listener.search(account, mailboxId,
                new SearchKey.And(List.of(new SearchKey.ModSeq(modSeq + 1), new SearchKey.Uids(within))));
        ExpungedSince expunged = null;
        if (vanishedAmong != null) {
            expunged = vanishedAmong.isEmpty() ? null : listener.expungedSince(account, mailboxId, modSeq, vanishedAmong);
            if (expunged == null) { // nothing asked about, or the mailbox was deleted meanwhile
                expunged = new ExpungedSince(new long[0], true);
            }
        }
        return new ChangedSince(changed, expunged);
    }
}
