package dev.maildock.rar.smtp;

import java.util.Locale;
import java.util.Optional;

/** The verbs this server knows (RFC 5321 section 4.1 and the extensions), with HELP's syntax line. */
enum SmtpCommand {
    EHLO("EHLO <domain>"),
    HELO("HELO <domain>"),
    MAIL("MAIL FROM:<reverse-path> [SIZE=<octets>] [BODY=7BIT|8BITMIME]"),
    RCPT("RCPT TO:<forward-path>"),
    DATA("DATA"),
    RSET("RSET"),
    NOOP("NOOP [<string>]"),
    QUIT("QUIT"),
    HELP("HELP [<command>]"),
    VRFY("VRFY <string>"),
    EXPN("EXPN <string>"),
    STARTTLS("STARTTLS"),
    AUTH("AUTH <mechanism> [<initial-response>]"),
    // Obsolete RFC 821 commands (section 4.1.5 of RFC 5321 leaves them out): known, never served.
    SEND("SEND"),
    SOML("SOML"),
    SAML("SAML"),
    TURN("TURN");

    private final String syntax;

    SmtpCommand(String syntax) {
        this.syntax = syntax;
    }

    String syntax() {
        return syntax;
    }

    static Optional<SmtpCommand> of(String verb) {
        String upper = verb.toUpperCase(Locale.ROOT);
        for (SmtpCommand command : values()) {
            if (command.name().equals(upper)) {
                return Optional.of(command);
            }
        }
        return Optional.empty();
    }

    /** The commands HELP lists: the served ones. */
    static String served() {
        StringBuilder out = new StringBuilder();
        for (SmtpCommand command : values()) {
            if (command.ordinal() <= AUTH.ordinal() && command != EXPN) {
                out.append(out.isEmpty() ? "" : " ").append(command.name());
            }
        }
        return out.toString();
    }
}
