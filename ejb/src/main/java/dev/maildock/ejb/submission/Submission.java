package dev.maildock.ejb.submission;

import dev.maildock.ejb.mailbox.MessageSource;

import java.util.List;
import java.util.Objects;

/**
 * One message an authenticated account hands in outside SMTP (the Jakarta Mail provider, the
 * webmail): the same policy and storage as SMTP AUTH submission.
 *
 * @param account     the authenticated account (lower case), who must own {@code reversePath}
 * @param reversePath the envelope sender: the account or one of its aliases
 * @param recipients  forward paths, local or remote
 * @param message     the RFC 5322 bytes with CRLF line ends
 * @param protocol    the Received header's "with" (e.g. "LOCAL" for the provider, "HTTPS" for webmail)
 * @param saveSent    whether a copy goes into the account's Sent folder
 * @param sendPartial whether invalid recipients are left out (and named in the receipt) rather than
 *                    refusing the whole message, when some recipient is valid (Jakarta Mail's
 *                    mail.smtp.sendpartial)
 */
public record Submission(String account, String reversePath, List<String> recipients, MessageSource message,
                         String protocol, boolean saveSent, boolean sendPartial) {

    public Submission {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(reversePath, "reversePath");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(protocol, "protocol");
        recipients = List.copyOf(recipients);
    }

    /** A submission that is refused whole if some recipient is invalid, as over SMTP. */
    public Submission(String account, String reversePath, List<String> recipients, MessageSource message,
                      String protocol, boolean saveSent) {
        this(account, reversePath, recipients, message, protocol, saveSent, false);
    }
}
