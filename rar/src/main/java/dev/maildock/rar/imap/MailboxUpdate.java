package dev.maildock.rar.imap;

import dev.maildock.rar.api.imap.MessageFlags;
import dev.maildock.rar.api.imap.UidSet;

import java.util.List;

/**
 * One untagged response telling the client how the selected mailbox changed (RFC 9051 section
 * 7.4.1 and 7.5), as data: {@link SelectedMailbox} decides what to say, the writer how to say it.
 */
public sealed interface MailboxUpdate {

    /**
     * {@code * n EXPUNGE} for each number, in this order: each one renumbers the messages after
     * it, so these are the numbers at the moment each response is read (the RFC's own example,
     * 3,4,7,11 expunged, is sent as 3, 3, 5, 8). One object for a whole expunge, not one per message.
     */
    record Expunge(int[] sequenceNumbers) implements MailboxUpdate {
    }

    /** {@code * VANISHED uids} instead of EXPUNGE, once the client enabled QRESYNC (RFC 7162 section 3.2.10). */
    record Vanished(UidSet uids) implements MailboxUpdate {
    }

    /** {@code * FLAGS (...)}: the system flags and these keywords, sent when a new keyword appears. */
    record Flags(List<String> keywords) implements MailboxUpdate {

        public Flags {
            keywords = List.copyOf(keywords);
        }
    }

    /** {@code * n EXISTS}: the mailbox now has {@code count} messages. */
    record Exists(int count) implements MailboxUpdate {
    }

    /** {@code * n RECENT} (IMAP4rev1 only): {@code count} messages are {@code \Recent} to the session. */
    record Recent(int count) implements MailboxUpdate {
    }

    /**
     * {@code * n FETCH (FLAGS (...) UID u MODSEQ (m))}: message {@code n}'s flags changed. The
     * writer leaves out UID and MODSEQ when the client did not ask for them (RFC 7162 section 3.2.4),
     * and {@code \Recent} for an IMAP4rev2 client.
     */
    record FetchFlags(int sequenceNumber, MessageFlags flags, boolean recent) implements MailboxUpdate {
    }
}
