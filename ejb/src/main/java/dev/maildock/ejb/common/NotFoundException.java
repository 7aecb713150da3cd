package dev.maildock.ejb.common;

/** The thing named does not exist. */
public class NotFoundException extends MaildockException {

    public NotFoundException(String message) {
        super(message);
    }
}
