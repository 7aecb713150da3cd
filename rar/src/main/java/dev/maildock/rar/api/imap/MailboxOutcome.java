package dev.maildock.rar.api.imap;

/** The platform's answer to CREATE, DELETE, RENAME, SUBSCRIBE and UNSUBSCRIBE. */
public enum MailboxOutcome {
    DONE,
    /** No such mailbox (RFC 5530 NONEXISTENT). */
    NONEXISTENT,
    /** The target name is taken (ALREADYEXISTS). */
    ALREADY_EXISTS,
    /** Not allowed on this mailbox or name, e.g. deleting INBOX, an invalid name (CANNOT). */
    CANNOT,
    /** Deleting a mailbox that has inferior mailboxes and must keep its name (HASCHILDREN). */
    HAS_CHILDREN,
    /** The platform cannot decide now (UNAVAILABLE); the client may retry. */
    TRY_LATER
}
