package dev.maildock.rar.imap;

import dev.maildock.rar.api.ImapListener;
import dev.maildock.rar.api.imap.ExpungedSince;
import dev.maildock.rar.api.imap.MailboxChanges;
import dev.maildock.rar.api.imap.MessageFlags;
import dev.maildock.rar.api.imap.UidSet;

/**
 * What CHANGEDSINCE (RFC 7162 section 3.1.4) and a QRESYNC resync (section 3.2.5) ask the
 * platform, in one hop: the UIDs changed after a MODSEQ ({@code changes}, which reads the
 * database's MODSEQ index), so that FETCH reads only those (100 changes in a 100,000-message
 * mailbox are a slice, not 400), and, for VANISHED, what the expunge log says.
 *
 * @param changed  UIDs among those asked about whose MODSEQ is above it (all of them when the
 *                 platform could not tell)
 * @param expunged the expunge log's answer, or null when VANISHED was not asked for
 */
record ChangedSince(UidSet changed, ExpungedSince expunged) {

    /**
     * On the platform's thread.
     *
     * @param vanishedAmong the UIDs VANISHED is about, or null when it is not asked for
     */
    static ChangedSince of(ImapListener listener, String account, long mailboxId, UidSet within, long modSeq,
            UidSet vanishedAmong) {
        MailboxChanges changes = within.isEmpty() ? null : listener.changes(account, mailboxId, modSeq, false);
        UidSet changed;
        if (changes == null) { // nothing asked about, or the mailbox is gone
            changed = new UidSet(new long[0]);
        } else if (changes.isUnknown()) {
            changed = within; // read them all: FETCH keeps those above the MODSEQ, longer but never less
        } else {
            long[] uids = changes.changed().stream().mapToLong(MessageFlags::uid).filter(within::contains).toArray();
            changed = UidRanges.of(uids, 0, uids.length);
        }
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
