package dev.maildock.rar.smtp;

/**
 * Every reply the SMTP server sends, with its RFC 5321 code and RFC 3463 enhanced status code.
 * Texts with {@code %s} take the server's hostname or a detail.
 */
public enum SmtpReply {
    /** RFC 2034 section 3: no enhanced code in the greeting. */
    SERVICE_READY(220, null, "%s ESMTP Maildock"),
    CLOSING(221, "2.0.0", "%s closing connection"),
    OK(250, "2.0.0", "OK"),
    SERVICE_NOT_AVAILABLE(421, "4.3.2", "%s Service not available, closing transmission channel"),
    LINE_TOO_LONG(500, "5.5.2", "Line too long"),
    COMMAND_UNRECOGNIZED(500, "5.5.2", "Syntax error, command unrecognized"),
    COMMAND_NOT_IMPLEMENTED(502, "5.5.1", "Command not implemented"),
    SERVICE_REFUSED(554, "5.3.2", "%s No SMTP service here");

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
        String body = args.length == 0 ? text : String.format(text, args);
        return enhanced == null ? code + " " + body : code + " " + enhanced + " " + body;
    }
}
