package dev.maildock.rar.imap;

import dev.maildock.rar.api.ImapListener;
import dev.maildock.rar.api.imap.Selection;
import dev.maildock.rar.api.imap.UidSet;

/**
 * A SELECT's answer, from one platform hop: the view and, when the client resynchronises with
 * QRESYNC (RFC 7162 section 3.2.5), what changed since the MODSEQ it knew.
 *
 * @param known  the UIDs the client asked about, or null without a resync
 * @param resync what changed since its MODSEQ, or null: no QRESYNC parameter, or a UIDVALIDITY
 *               other than the mailbox's (the client's knowledge is void; a plain SELECT answers)
 */
record Opened(SelectedMailbox mailbox, long firstUnseenUid, UidSet known, ChangedSince resync) {

    /** On the platform's thread; null when the mailbox does not exist. */
    static Opened of(ImapListener listener, String account, String name, boolean claimRecent,
            ImapCommand.Select select) {
        Selection selection = listener.select(account, name, claimRecent);
        if (selection == null) {
            return null;
        }
        // Built here, handed to the session's event loop with the answer, changed only there after.
        SelectedMailbox mailbox = new SelectedMailbox(selection, select.readOnly());
        ImapCommand.Qresync qresync = select.qresync();
        if (qresync == null || qresync.uidValidity() != selection.uidValidity()) {
            return new Opened(mailbox, selection.firstUnseenUid(), null, null);
        }
        SequenceSet asked = qresync.knownUids() == null ? SequenceSet.ALL : qresync.knownUids();
        UidSet known = mailbox.knownUids(asked.bounds());
        return new Opened(mailbox, selection.firstUnseenUid(), known,
                ChangedSince.of(listener, account, selection.mailboxId(), known, qresync.modSeq(), known));
    }
}
