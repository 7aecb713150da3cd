package dev.maildock.rar.imap;

import dev.maildock.rar.api.imap.MailboxOutcome;
import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * Every status reply the IMAP session sends other than the plain {@code OK ... completed}: one
 * table, so that the same condition always gets the same code and text (RFC 5530 codes let
 * clients act on a NO without reading its text).
 */
public enum ImapReply {
    COMPLETED(Status.OK, null, "Completed"),
    NONEXISTENT(Status.NO, ResponseCode.NONEXISTENT, "No such mailbox"),
    TRYCREATE(Status.NO, ResponseCode.TRYCREATE, "No such mailbox"),
    ALREADY_EXISTS(Status.NO, ResponseCode.ALREADYEXISTS, "Mailbox already exists"),
    CANNOT(Status.NO, ResponseCode.CANNOT, "Not allowed for this mailbox"),
    HAS_CHILDREN(Status.NO, ResponseCode.HASCHILDREN, "Mailbox has inferior mailboxes"),
    UNAVAILABLE(Status.NO, ResponseCode.UNAVAILABLE, "Temporarily unavailable, try again later"),
    SERVER_BUG(Status.NO, ResponseCode.SERVERBUG, "Internal error, try again later"),
    AUTHENTICATION_FAILED(Status.NO, ResponseCode.AUTHENTICATIONFAILED, "Authentication failed"),
    TOO_BIG(Status.NO, ResponseCode.TOOBIG, "Message too large"),
    OVER_QUOTA(Status.NO, ResponseCode.OVERQUOTA, "Quota exceeded"),
    NO_PERMISSION(Status.NO, ResponseCode.NOPERM, "Permission denied"),
    READ_ONLY_MAILBOX(Status.NO, ResponseCode.READ_ONLY, "Mailbox is read-only"),
    UNKNOWN_CTE(Status.NO, ResponseCode.UNKNOWN_CTE, "Unknown Content-Transfer-Encoding"),
    BAD_CHARSET(Status.NO, ResponseCode.BADCHARSET, "Unsupported charset"),
    LIMIT(Status.NO, ResponseCode.LIMIT, "Too many"),
    IN_USE(Status.NO, ResponseCode.INUSE, "Mailbox in use, try again later"),
    NO_MODSEQ(Status.NO, ResponseCode.NOMODSEQ, "No MODSEQ in this mailbox"),
    LINE_TOO_LONG(Status.BAD, ResponseCode.TOOBIG, "Command line too long"),
    LITERAL_TOO_BIG(Status.BAD, ResponseCode.TOOBIG, "Literal too large"),
    APPEND_TOO_BIG(Status.NO, ResponseCode.TOOBIG, "Message larger than APPENDLIMIT"),
    NOT_AUTHENTICATED(Status.BAD, ResponseCode.CLIENTBUG, "Log in first"),
    NOT_SELECTED(Status.BAD, ResponseCode.CLIENTBUG, "No mailbox selected"),
    ALREADY_AUTHENTICATED(Status.BAD, ResponseCode.CLIENTBUG, "Already authenticated"),
    PRIVACY_REQUIRED(Status.NO, ResponseCode.CANNOT, "Use STARTTLS first"),
    UNKNOWN_MECHANISM(Status.NO, ResponseCode.CANNOT, "Unsupported authentication mechanism"),
    AUTHENTICATION_CANCELLED(Status.BAD, null, "Authentication cancelled"),
    AUTHENTICATION_MALFORMED(Status.BAD, ResponseCode.CLIENTBUG, "Invalid SASL response"),
    BEGIN_TLS(Status.OK, null, "Begin TLS negotiation now"),
    TLS_ACTIVE(Status.BAD, ResponseCode.CLIENTBUG, "TLS is already active"),
    TLS_UNAVAILABLE(Status.NO, ResponseCode.CANNOT, "STARTTLS is not available"),
    IDLE_NOT_DONE(Status.BAD, ResponseCode.CLIENTBUG, "Expected DONE"),
    NO_QUOTA_ROOT(Status.NO, ResponseCode.NONEXISTENT, "No such quota root"),
    BYE_LOGOUT(Status.BYE, null, "Logging out"),
    BYE_IDLE(Status.BYE, null, "Idle for too long"),
    BYE_TOO_MANY_CONNECTIONS(Status.BYE, ResponseCode.UNAVAILABLE, "Too many connections, try again later"),
    BYE_UNAVAILABLE(Status.BYE, ResponseCode.UNAVAILABLE, "Service not available, try again later"),
    BYE_REFUSED(Status.BYE, null, "Service refused"),
    BYE_TOO_MANY_FAILURES(Status.BYE, null, "Too many failed logins"),
    BYE_MAILBOX_DELETED(Status.BYE, null, "Selected mailbox was deleted, have to disconnect"),
    BYE_SHUTDOWN(Status.BYE, ResponseCode.UNAVAILABLE, "Server shutting down");

    /** The status responses (RFC 9051 section 7.1). */
    public enum Status { OK, NO, BAD, PREAUTH, BYE }

    private final Status status;
    private final ResponseCode code;
    private final String text;

    ImapReply(Status status, ResponseCode code, String text) {
        this.status = status;
        this.code = code;
        this.text = text;
    }

    public Status status() {
        return status;
    }

    public ResponseCode code() {
        return code;
    }

    public String text() {
        return text;
    }

    /** Writes {@code tag STATUS [CODE] text} CRLF ({@code *} when {@code tag} is null). */
    public void write(ByteBuf out, String tag) {
        write(out, tag, status, code, null, text);
    }

    /** The reply for a platform's answer to CREATE, DELETE, RENAME or (UN)SUBSCRIBE. */
    public static ImapReply of(MailboxOutcome outcome) {
        return switch (outcome) {
            case DONE -> COMPLETED;
            case NONEXISTENT -> NONEXISTENT;
            case ALREADY_EXISTS -> ALREADY_EXISTS;
            case CANNOT -> CANNOT;
            case HAS_CHILDREN -> HAS_CHILDREN;
            case TRY_LATER -> UNAVAILABLE;
        };
    }

    /**
     * Writes any status line: {@code tag STATUS [CODE arguments] text} CRLF.
     *
     * @param tag       null for an untagged reply ({@code *})
     * @param code      null for none
     * @param arguments the code's arguments as IMAP text (e.g. {@code 38505 3955} for APPENDUID), or null
     */
    public static void write(ByteBuf out, String tag, Status status, ResponseCode code, String arguments,
            String text) {
        out.writeCharSequence(tag == null ? "*" : tag, StandardCharsets.US_ASCII);
        out.writeByte(' ');
        out.writeCharSequence(status.name(), StandardCharsets.US_ASCII);
        out.writeByte(' ');
        if (code != null) {
            out.writeByte('[');
            out.writeCharSequence(code.atom(), StandardCharsets.US_ASCII);
            if (arguments != null) {
                out.writeByte(' ');
                out.writeCharSequence(arguments, StandardCharsets.UTF_8);
            }
            out.writeCharSequence("] ", StandardCharsets.US_ASCII);
        }
        out.writeCharSequence(text, StandardCharsets.UTF_8);
        out.writeByte('\r').writeByte('\n');
    }
}
