package dev.maildock.ejb.common;

/** The thing to create exists already. */
public class ConflictException extends MaildockException {

    public ConflictException(String message) {
        super(message);
    }
}
