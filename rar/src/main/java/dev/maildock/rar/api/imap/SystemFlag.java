package dev.maildock.rar.api.imap;

/** The IMAP system flags a message can carry (RFC 9051 section 2.3.2), without {@code \Recent}. */
public enum SystemFlag {
    SEEN("\\Seen"), ANSWERED("\\Answered"), FLAGGED("\\Flagged"), DELETED("\\Deleted"), DRAFT("\\Draft");

    private final String atom;

    SystemFlag(String atom) {
        this.atom = atom;
    }

    /** The flag as IMAP writes it, e.g. {@code \Seen}. */
    public String atom() {
        return atom;
    }
}
