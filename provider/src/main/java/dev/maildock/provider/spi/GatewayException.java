package dev.maildock.provider.spi;

import java.util.List;

/**
 * A refusal by Maildock, with the reason the provider turns into the matching Jakarta Mail
 * exception. A checked exception: it reaches the caller as it is, and the call's transaction is
 * rolled back.
 */
public class GatewayException extends Exception {

    private static final long serialVersionUID = 1L;

    public enum Reason {
        AUTHENTICATION_FAILED, TICKET_INVALID, SENDER_NOT_OWNED, RECIPIENTS_REFUSED, NO_SUCH_FOLDER,
        FOLDER_EXISTS, INVALID_INPUT, NOT_FOUND, MESSAGE_TOO_LARGE
    }

    private final Reason reason;
    private final List<String> valid;
    private final List<String> invalid;

    public GatewayException(Reason reason, String message) {
        this(reason, message, List.of(), List.of());
    }

    /**
     * @param valid   recipients that are fine (not sent when the whole submission was refused)
     * @param invalid recipients that reach nobody
     */
    public GatewayException(Reason reason, String message, List<String> valid, List<String> invalid) {
        super(message);
        this.reason = reason;
        this.valid = List.copyOf(valid);
        this.invalid = List.copyOf(invalid);
    }

    public Reason reason() {
        return reason;
    }

    public List<String> valid() {
        return valid;
    }

    public List<String> invalid() {
        return invalid;
    }
}
