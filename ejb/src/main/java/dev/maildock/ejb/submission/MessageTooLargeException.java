package dev.maildock.ejb.submission;

import dev.maildock.ejb.common.MaildockException;

/**
 * A submitted message is larger than maildock.maxMessageSize: the limit SMTP announces with SIZE
 * (RFC 1870) holds for the provider and the webmail too, so no path stores what another refuses.
 */
public class MessageTooLargeException extends MaildockException {

    public MessageTooLargeException(long size, long limit) {
        super("the message is " + size + " octets, more than the limit of " + limit
                + " octets (maildock.maxMessageSize)");
    }
}
