package dev.maildock.rar.smtp;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The trace header of RFC 5321 section 4.4, which the session (not the MDB) prepends: the session
 * alone knows the HELO name, the peer address, TLS and AUTH state at the time of the transaction.
 * The protocol name follows RFC 3848 (SMTP, ESMTP, ESMTPS, ESMTPA, ESMTPSA).
 */
final class ReceivedHeader {

    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ENGLISH);

    private ReceivedHeader() {
    }

    /**
     * @param recipient the single recipient to name in "for", or null (several recipients are not
     *                  listed: that would disclose Bcc recipients to each other)
     */
    static byte[] build(String helo, InetSocketAddress peer, String byHost, boolean esmtp, boolean tls,
                        boolean authenticated, String id, String recipient, ZonedDateTime when) {
        String with = !esmtp ? "SMTP" : "ESMTP" + (tls ? "S" : "") + (authenticated ? "A" : "");
        StringBuilder out = new StringBuilder("Received: from ")
                .append(clean(helo)).append(" (").append(addressLiteral(peer)).append(")\r\n")
                .append("\tby ").append(clean(byHost)).append(" (Maildock) with ").append(with)
                .append(" id ").append(id);
        if (recipient != null) {
            out.append("\r\n\tfor <").append(clean(recipient)).append(">");
        }
        out.append(";\r\n\t").append(DATE.format(when)).append("\r\n");
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** The peer as an RFC 5321 section 4.1.3 address literal: [192.0.2.1] or [IPv6:2001:db8::1]. */
    static String addressLiteral(InetSocketAddress peer) {
        if (peer.getAddress() == null) {
            return "[" + peer.getHostString() + "]";
        }
        String ip = peer.getAddress().getHostAddress();
        int zone = ip.indexOf('%');
        ip = zone < 0 ? ip : ip.substring(0, zone);
        return peer.getAddress() instanceof Inet6Address ? "[IPv6:" + ip + "]" : "[" + ip + "]";
    }

    /** Client-chosen text never breaks the header: printable ASCII without parentheses or spaces. */
    private static String clean(String text) {
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
