package dev.maildock.rar.api.imap;

import java.io.Serializable;

/**
 * What STATUS and LIST-STATUS report of a mailbox (RFC 9051 section 6.3.11, RFC 7162 HIGHESTMODSEQ).
 *
 * @param size   the sum of the messages' RFC822.SIZE (STATUS SIZE)
 * @param recent the messages no session has seen as {@code \Recent} yet (IMAP4rev1 STATUS RECENT)
 */
public record MailboxStatus(long id, long messages, long uidNext, long uidValidity, long unseen, long deleted,
        long size, long highestModSeq, long recent) implements Serializable {
}
