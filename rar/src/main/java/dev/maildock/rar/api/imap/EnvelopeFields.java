package dev.maildock.rar.api.imap;

import java.io.Serializable;
import java.util.List;

/**
 * The fields of an IMAP ENVELOPE (RFC 9051 section 7.5.2): header values as they stand in the
 * message (unfolded, encoded words not decoded), null for a missing field (NIL). Per the RFC, a
 * missing Sender or Reply-To is shown as From, which the session applies when it writes them.
 */
public record EnvelopeFields(String date, String subject, List<MailAddress> from, List<MailAddress> sender,
        List<MailAddress> replyTo, List<MailAddress> to, List<MailAddress> cc, List<MailAddress> bcc,
        String inReplyTo, String messageId) implements Serializable {

    public EnvelopeFields {
        from = List.copyOf(from);
        sender = List.copyOf(sender);
        replyTo = List.copyOf(replyTo);
        to = List.copyOf(to);
        cc = List.copyOf(cc);
        bcc = List.copyOf(bcc);
    }
}
