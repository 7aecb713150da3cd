package dev.maildock.rar.pop3;

/** The RFC 1939 session states, plus the moments before the greeting and after the end. */
enum Pop3State {
    /** Connected; the platform has not yet admitted the client. */
    CONNECTED,
    AUTHORIZATION,
    TRANSACTION,
    /** QUIT in TRANSACTION: deletions are being committed. */
    UPDATE,
    /** Signed off, timed out or dropped: nothing more is read. */
    CLOSED
}
