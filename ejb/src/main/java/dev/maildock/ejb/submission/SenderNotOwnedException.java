package dev.maildock.ejb.submission;

import dev.maildock.ejb.common.MaildockException;

/** The account tried to send as an address that is neither its own nor one of its aliases. */
public class SenderNotOwnedException extends MaildockException {

    public SenderNotOwnedException(String account, String sender) {
        super(account + " may not send as " + sender);
    }
}
