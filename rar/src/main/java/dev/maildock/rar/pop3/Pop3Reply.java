package dev.maildock.rar.pop3;

/**
 * Every status line the POP3 server sends (RFC 1939), with its RFC 2449/3206 response code where
 * one applies. Texts with {@code %s}/{@code %d} take a detail. Clients parse only "+OK" and "-ERR"
 * and the bracketed code; the texts follow the dialogs users know from RFC 1939's examples.
 */
enum Pop3Reply {
    GREETING(true, null, "Maildock POP3 ready %s"),
    SERVICE_UNAVAILABLE(false, "SYS/TEMP", "Maildock POP3 service not available, try again later"),
    SERVICE_REFUSED(false, "SYS/PERM", "no POP3 service here"),
    TOO_MANY_CONNECTIONS(false, "SYS/TEMP", "too many connections, try again later"),

    OK(true, null, null),
    CAPABILITIES(true, null, "Capability list follows"),
    USER_ACCEPTED(true, null, "send your password"),
    MAILDROP_OPENED(true, null, "maildrop has %d messages (%d octets)"),
    STAT(true, null, "%d %d"),
    SCAN_LISTING(true, null, "%d %d"),
    LISTING_FOLLOWS(true, null, "%d messages (%d octets)"),
    UNIQUE_ID_LISTING(true, null, "%d %s"),
    UNIQUE_ID_LISTING_FOLLOWS(true, null, "unique-id listing follows"),
    MESSAGE_FOLLOWS(true, null, "%d octets"),
    TOP_FOLLOWS(true, null, "top of message follows"),
    MESSAGE_DELETED(true, null, "message %d deleted"),
    BEGIN_TLS(true, null, "Begin TLS negotiation"),
    /** RFC 5034 section 4: the server's (empty) SASL challenge. */
    SASL_CONTINUE("+", null, ""),
    SIGNING_OFF(true, null, "Maildock POP3 server signing off"),
    SIGNING_OFF_EMPTY(true, null, "Maildock POP3 server signing off (maildrop empty)"),
    SIGNING_OFF_LEFT(true, null, "Maildock POP3 server signing off (%d messages left)"),

    UNKNOWN_COMMAND(false, null, "unknown command"),
    WRONG_STATE(false, null, "command not valid in this state"),
    SYNTAX_ERROR(false, null, "syntax error"),
    LINE_TOO_LONG(false, null, "command line too long"),
    NO_SUCH_MESSAGE(false, null, "no such message, only %d messages in maildrop"),
    ALREADY_DELETED(false, null, "message %d already deleted"),
    USER_FIRST(false, null, "send USER first"),
    /**
     * RFC 3206 section 4: [AUTH] covers "an attempt to authenticate in violation of policy"; there
     * is no POP3 code for "encryption required" (RFC 2595 has none either).
     */
    PLAINTEXT_LOGIN_DISABLED(false, "AUTH", "plaintext login disabled, use STLS first"),
    AUTH_FAILED(false, "AUTH", "authentication failed"),
    TOO_MANY_FAILURES(false, "AUTH", "authentication failed, too many attempts, signing off"),
    MAILDROP_IN_USE(false, "IN-USE", "maildrop already locked by another session"),
    MAILDROP_UNAVAILABLE(false, "SYS/TEMP", "maildrop temporarily unavailable, try again later"),
    NOT_REMOVED(false, "SYS/TEMP", "some deleted messages not removed, try again later"),
    TLS_UNAVAILABLE(false, null, "STLS not available"),
    TLS_ACTIVE(false, null, "TLS already active"),
    MECHANISM_UNSUPPORTED(false, null, "unsupported authentication mechanism"),
    ENCRYPTION_REQUIRED(false, "AUTH", "AUTH PLAIN needs an encrypted connection, use STLS first"),
    AUTH_CANCELLED(false, null, "authentication cancelled"),
    AUTH_MALFORMED(false, null, "malformed authentication data");

    private final String status;
    private final String code;
    private final String text;

    Pop3Reply(boolean positive, String code, String text) {
        this(positive ? "+OK" : "-ERR", code, text);
    }

    Pop3Reply(String status, String code, String text) {
        this.status = status;
        this.code = code;
        this.text = text;
    }

    /** The status line without CRLF. */
    String format(Object... args) {
        StringBuilder line = new StringBuilder(status);
        if (code != null) {
            line.append(" [").append(code).append(']');
        }
        if (text != null) {
            line.append(' ');
            appendText(line, args);
        }
        return line.toString();
    }

    /**
     * The text with each {@code %d} or {@code %s} replaced by the next argument, as
     * {@code String.format(Locale.ROOT, ...)} would (the texts have no other conversions): every RETR
     * formats its status line, and Formatter's parsing and locale look-up were 1% of the server's
     * CPU per message retrieved.
     */
    private void appendText(StringBuilder line, Object[] args) {
        int next = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 1 < text.length() && next < args.length) {
                line.append(args[next++]);
                i++;
            } else {
                line.append(c);
            }
        }
    }
}
