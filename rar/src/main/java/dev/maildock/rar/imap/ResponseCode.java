package dev.maildock.rar.imap;

/**
 * The response codes Maildock sends (RFC 9051 section 7.1, RFC 5530, RFC 4315 UIDPLUS, RFC 7162
 * CONDSTORE, RFC 3516 UNKNOWN-CTE, RFC 9208 OVERQUOTA), written in brackets before the text.
 */
public enum ResponseCode {
    ALERT, ALREADYEXISTS, APPENDUID, AUTHENTICATIONFAILED, BADCHARSET, CANNOT, CAPABILITY, CLIENTBUG, CLOSED,
    COPYUID, HASCHILDREN, HIGHESTMODSEQ, INUSE, LIMIT, MODIFIED, NOMODSEQ, NONEXISTENT, NOPERM, OVERQUOTA, PARSE,
    PERMANENTFLAGS, READ_ONLY, READ_WRITE, SERVERBUG, TOOBIG, TRYCREATE, UIDNEXT, UIDVALIDITY, UNAVAILABLE,
    UNKNOWN_CTE, UNSEEN;

    private final String atom = name().replace('_', '-');

    /** As written on the wire, e.g. {@code READ-ONLY}. */
    public String atom() {
        return atom;
    }
}
