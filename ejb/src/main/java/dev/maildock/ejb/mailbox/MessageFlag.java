package dev.maildock.ejb.mailbox;

/** The system flags a message carries (IMAP's, which Jakarta Mail's Flags.Flag mirrors). */
public enum MessageFlag {
    SEEN, ANSWERED, FLAGGED, DELETED, DRAFT
}
