package dev.maildock.rar.smtp;

import dev.maildock.rar.api.Verdict;

import java.util.List;

/**
 * Every reply the SMTP server sends, with its RFC 5321 code and RFC 3463 enhanced status code.
 * Texts with {@code %s} take the server's hostname or a detail. No other class writes reply text.
 */
public enum SmtpReply {
    // RFC 2034 section 3: no enhanced code in the greeting, HELO/EHLO answers, 334 and 354.
    SERVICE_READY(220, null, "%s ESMTP Maildock"),
    HELO_OK(250, null, "%s Hello %s"),
    EHLO_OK(250, null, "%s Hello %s"),
    AUTH_CHALLENGE(334, null, "%s"),
    START_MAIL_INPUT(354, null, "End data with <CR><LF>.<CR><LF>"),

    READY_TO_START_TLS(220, "2.0.0", "Ready to start TLS"),
    CLOSING(221, "2.0.0", "%s closing connection"),
    HELP(214, "2.0.0", "%s"),
    AUTH_SUCCEEDED(235, "2.7.0", "Authentication successful"),
    OK(250, "2.0.0", "OK"),
    SENDER_OK(250, "2.1.0", "Sender %s OK"),
    RECIPIENT_OK(250, "2.1.5", "Recipient %s OK"),
    MESSAGE_ACCEPTED(250, "2.0.0", "Message accepted for delivery as %s"),
    CANNOT_VRFY(252, "2.5.0", "Cannot VRFY user, but will accept message and attempt delivery"),

    SERVICE_NOT_AVAILABLE(421, "4.3.2", "%s Service not available, closing transmission channel"),
    IDLE_TIMEOUT(421, "4.4.2", "%s Timeout exceeded, closing transmission channel"),
    TOO_MANY_ERRORS(421, "4.7.0", "%s Too many errors, closing transmission channel"),
    TOO_MANY_CONNECTIONS(421, "4.7.0", "%s Too many connections, try again later"),
    TOO_MANY_AUTH_FAILURES(421, "4.7.0", "%s Too many failed authentications, closing transmission channel"),
    LOCAL_ERROR(451, "4.3.0", "Local error in processing, try again later"),
    INSUFFICIENT_STORAGE(452, "4.2.2", "Mailbox full, try again later"),
    TOO_MANY_RECIPIENTS(452, "4.5.3", "Too many recipients"),
    TLS_NOT_AVAILABLE(454, "4.7.0", "TLS not available due to temporary reason"),
    AUTH_TEMPORARY_FAILURE(454, "4.7.0", "Temporary authentication failure"),
    AUTH_LOCKED(454, "4.7.0", "Too many failed authentications, try again later"),

    LINE_TOO_LONG(500, "5.5.2", "Line too long"),
    BARE_LINE_ENDING_IN_COMMAND(500, "5.5.2", "Command lines must end with <CR><LF>"),
    COMMAND_UNRECOGNIZED(500, "5.5.2", "Syntax error, command unrecognized"),
    SYNTAX_ERROR(501, "5.5.4", "Syntax: %s"),
    BAD_SENDER_SYNTAX(501, "5.1.7", "Bad sender address syntax"),
    BAD_RECIPIENT_SYNTAX(501, "5.1.3", "Bad recipient address syntax"),
    BAD_PARAMETER_VALUE(501, "5.5.4", "Invalid value for parameter %s"),
    AUTH_CANCELLED(501, "5.0.0", "Authentication cancelled"),
    AUTH_BAD_ENCODING(501, "5.5.2", "Cannot decode the authentication response"),
    COMMAND_NOT_IMPLEMENTED(502, "5.5.1", "Command not implemented"),
    HELO_FIRST(503, "5.5.1", "Send HELO or EHLO first"),
    NESTED_MAIL(503, "5.5.1", "Sender already specified"),
    NEED_MAIL(503, "5.5.1", "Need MAIL command first"),
    NEED_RCPT(503, "5.5.1", "Need RCPT command first"),
    ALREADY_AUTHENTICATED(503, "5.5.1", "Already authenticated"),
    AUTH_IN_TRANSACTION(503, "5.5.1", "AUTH is not allowed during a mail transaction"),
    TLS_ALREADY_ACTIVE(503, "5.5.1", "TLS is already active"),
    HELP_TOPIC_UNKNOWN(504, "5.5.1", "No help for %s"),
    AUTH_MECHANISM_UNSUPPORTED(504, "5.5.4", "Unrecognized authentication mechanism"),
    AUTH_REQUIRED(530, "5.7.0", "Authentication required"),
    AUTH_FAILED(535, "5.7.8", "Authentication credentials invalid"),
    ENCRYPTION_REQUIRED(538, "5.7.11", "Encryption required for requested authentication mechanism"),
    MAILBOX_UNKNOWN(550, "5.1.1", "Mailbox unavailable: no such user here"),
    RELAY_DENIED(550, "5.7.1", "Relaying denied"),
    POLICY_REJECTED(550, "5.7.1", "Rejected by local policy"),
    BARE_LINE_ENDING_IN_DATA(550, "5.6.0", "Message refused: bare <CR> or <LF> found; lines must end with <CR><LF>"),
    NUL_IN_DATA(550, "5.6.0", "Message refused: NUL octets are not allowed in a message"),
    TEXT_LINE_TOO_LONG(550, "5.6.0", "Message refused: a line is longer than %s octets"),
    MESSAGE_TOO_BIG(552, "5.3.4", "Message size exceeds fixed maximum message size"),
    SENDER_NOT_OWNED(553, "5.7.1", "Sender address not owned by the authenticated user"),
    NO_VALID_RECIPIENTS(554, "5.5.1", "No valid recipients"),
    SERVICE_REFUSED(554, "5.3.2", "%s No SMTP service here"),
    TOO_MANY_HOPS(554, "5.4.6", "Too many Received headers, mail loop suspected"),
    PARAMETER_NOT_RECOGNIZED(555, "5.5.4", "Parameter %s not recognized or not implemented");

    /** The reply for a refusal the platform decided (never ACCEPT, whose reply depends on the step). */
    static SmtpReply refusal(Verdict.Outcome outcome) {
        return switch (outcome) {
            case MAILBOX_UNKNOWN -> MAILBOX_UNKNOWN;
            case RELAY_DENIED -> RELAY_DENIED;
            case SENDER_NOT_OWNED -> SENDER_NOT_OWNED;
            case REJECTED -> POLICY_REJECTED;
            case INSUFFICIENT_STORAGE -> INSUFFICIENT_STORAGE;
            case TRY_LATER, ACCEPT -> LOCAL_ERROR;
        };
    }

    private final int code;
    private final String enhanced;
    private final String text;

    SmtpReply(int code, String enhanced, String text) {
        this.code = code;
        this.enhanced = enhanced;
        this.text = text;
    }

    public int code() {
        return code;
    }

    /** The reply line without CRLF. */
    public String format(Object... args) {
        return line(' ', args.length == 0 ? text : String.format(text, args));
    }

    /**
     * The reply with its own text replaced by a detail the platform gave (a verdict's text), or the
     * default text when there is none. Control characters are dropped: a detail never breaks the line.
     */
    public String withDetail(String detail, Object... args) {
        if (detail == null || detail.isBlank()) {
            return format(args);
        }
        return line(' ', detail.replaceAll("[\\p{Cntrl}]", " ").trim());
    }

    /**
     * A multi-line reply (RFC 5321 section 4.2.1): the formatted text first, then one line per
     * extra text, lines joined with CRLF and without a final CRLF.
     */
    public String multiline(List<String> extraLines, Object... args) {
        StringBuilder out = new StringBuilder();
        String first = args.length == 0 ? text : String.format(text, args);
        out.append(line(extraLines.isEmpty() ? ' ' : '-', first));
        for (int i = 0; i < extraLines.size(); i++) {
            out.append("\r\n").append(line(i == extraLines.size() - 1 ? ' ' : '-', extraLines.get(i)));
        }
        return out.toString();
    }

    private String line(char separator, String body) {
        return enhanced == null ? code + "" + separator + body : code + "" + separator + enhanced + " " + body;
    }
}
