package dev.maildock.ejb.common;

import jakarta.ejb.ApplicationException;

/**
 * A refusal the caller can act on (bad input, conflict, not found). Application exceptions reach
 * the caller as they are and roll the transaction back.
 */
@ApplicationException(inherited = true, rollback = true)
public abstract class MaildockException extends RuntimeException {

    protected MaildockException(String message) {
        super(message);
    }
}
