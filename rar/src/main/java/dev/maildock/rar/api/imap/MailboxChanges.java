package dev.maildock.rar.api.imap;

import java.io.Serializable;
import java.util.List;

/**
 * What changed in a mailbox after a MODSEQ, whoever made the change (SMTP delivery, webmail,
 * provider, POP3, another IMAP session, another server).
 *
 * @param highestModSeq the mailbox's highest MODSEQ now
 * @param uidNext       its UIDNEXT now
 * @param expunged      UIDs removed after the MODSEQ asked about, ascending
 * @param changed       messages added or whose flags changed after it, ascending by UID; a UID above
 *                      every UID the session knows is a new message
 * @param firstRecentUid messages from this UID up to {@code uidNext} are {@code \Recent} to the
 *                       session, which claimed them with this call; {@link Long#MAX_VALUE} for none
 */
public record MailboxChanges(long highestModSeq, long uidNext, long[] expunged, List<MessageFlags> changed,
        long firstRecentUid)
        implements Serializable {

    public MailboxChanges {
        changed = List.copyOf(changed);
    }

    /**
     * The platform could not read the changes: nothing is known after {@code sinceModSeq}, and the
     * session asks again (UIDNEXT 0, which no mailbox has, marks it).
     */
    public static MailboxChanges unknown(long sinceModSeq) {
        return new MailboxChanges(sinceModSeq, 0, new long[0], List.of(), Long.MAX_VALUE);
    }

    /** This is {@link #unknown}'s answer. */
    public boolean isUnknown() {
        return uidNext == 0;
    }
}
