package dev.maildock.rar.api;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The Received trace field of RFC 5321 section 4.4 in one shape, whoever writes it: the SMTP
 * session, or the platform for mail handed in without SMTP (Jakarta Mail provider, webmail).
 */
public final class TraceField {

    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ENGLISH);

    private TraceField() {
    }

    /**
     * @param from      the from clause, already {@link #clean cleaned} (e.g. {@code helo ([192.0.2.1])})
     * @param with      the protocol (RFC 3848: SMTP, ESMTP, ESMTPS, ESMTPA, ESMTPSA; or our own)
     * @param recipient the single recipient to name in "for", or null (several recipients are not
     *                  listed: that would disclose Bcc recipients to each other)
     */
    public static byte[] received(String from, String byHost, String with, String id, String recipient,
                                  ZonedDateTime when) {
        StringBuilder out = new StringBuilder("Received: from ").append(from)
                .append("\r\n\tby ").append(clean(byHost)).append(" (Maildock) with ").append(clean(with))
                .append(" id ").append(clean(id));
        if (recipient != null) {
            out.append("\r\n\tfor <").append(clean(recipient)).append(">");
        }
        out.append(";\r\n\t").append(DATE.format(when)).append("\r\n");
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Client-chosen text never breaks the header: printable ASCII without parentheses or spaces. */
    public static String clean(String text) {
        if (text == null || text.isEmpty()) {
            return "unknown";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), 255));
        for (int i = 0; i < text.length() && out.length() < 255; i++) {
            char c = text.charAt(i);
            out.append(c > 0x20 && c < 0x7f && c != '(' && c != ')' && c != ';' ? c : '?');
        }
        return out.toString();
    }
}
