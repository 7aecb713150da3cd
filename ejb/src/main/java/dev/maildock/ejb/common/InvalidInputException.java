package dev.maildock.ejb.common;

/** Input that breaks a rule; names the field so a form or API client can point at it. */
public class InvalidInputException extends MaildockException {

    private final String field;

    public InvalidInputException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    public String getField() {
        return field;
    }
}
