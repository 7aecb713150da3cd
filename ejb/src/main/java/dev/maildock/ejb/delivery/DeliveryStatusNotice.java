package dev.maildock.ejb.delivery;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A delivery status notification (RFC 3464): a multipart/report (RFC 6522) with a human-readable
 * part, the machine-readable message/delivery-status and the original message's header
 * (text/rfc822-headers). Text from remote servers is reduced to printable US-ASCII on one line and
 * folded, so a reply can neither add header fields nor end a MIME part.
 */
public final class DeliveryStatusNotice {

    /** Failure: the recipients are given up. Delay: they are still being tried. */
    public enum Kind {
        FAILURE("failed", "Undelivered Mail Returned to Sender"),
        DELAY("delayed", "Delayed Mail (still being retried)");

        final String action;
        final String subject;

        Kind(String action, String subject) {
            this.action = action;
            this.subject = subject;
        }
    }

    /**
     * One recipient's line in the report.
     *
     * @param status      RFC 3463 code, e.g. 5.1.1
     * @param diagnostic  the remote reply or local reason, or null
     * @param remoteMta   the host that answered, or null
     * @param retryUntil  for delays: when the queue gives up
     */
    public record Entry(String recipient, String status, String diagnostic, String remoteMta, Instant lastAttempt,
                        Instant retryUntil) {
    }

    private static final DateTimeFormatter DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ROOT);
    private static final int MAX_TEXT = 900;

    private DeliveryStatusNotice() {
    }

    /**
     * The whole notice as RFC 5322 bytes with CRLF line ends.
     *
     * @param hostname        this server (MAILER-DAEMON@hostname, Reporting-MTA)
     * @param to              the original reverse path (never empty: null senders get no notice)
     * @param arrival         when the original message was queued
     * @param originalHeaders the original header section, CRLF lines (cut to a sane size by the caller)
     */
    public static byte[] build(Kind kind, String hostname, String to, Instant arrival, List<Entry> entries,
                               byte[] originalHeaders, Instant now) {
        String host = oneLine(hostname);
        String boundary = "=_maildock_" + UUID.randomUUID().toString().replace("-", "");
        StringBuilder m = new StringBuilder();
        m.append("From: Mail Delivery System <MAILER-DAEMON@").append(host).append(">\r\n");
        m.append("To: <").append(oneLine(to)).append(">\r\n");
        m.append("Subject: ").append(kind.subject).append("\r\n");
        m.append("Date: ").append(date(now)).append("\r\n");
        m.append("Message-ID: <").append(UUID.randomUUID()).append("@").append(host).append(">\r\n");
        // RFC 3834: an automatic message; vacation responders and the like must not answer it.
        m.append("Auto-Submitted: auto-replied\r\n");
        m.append("MIME-Version: 1.0\r\n");
        m.append("Content-Type: multipart/report; report-type=delivery-status;\r\n\tboundary=\"").append(boundary).append("\"\r\n");
        m.append("\r\n");
        m.append("This is a MIME-formatted message.\r\n");

        m.append("\r\n--").append(boundary).append("\r\n");
        m.append("Content-Type: text/plain; charset=us-ascii\r\n");
        m.append("Content-Description: Notification\r\n\r\n");
        m.append("This is the mail system at host ").append(host).append(".\r\n\r\n");
        if (kind == Kind.FAILURE) {
            m.append("Your message could not be delivered to one or more recipients.\r\n")
                    .append("It is attached below (its header only). The delivery report follows.\r\n");
        } else {
            m.append("Your message has not yet been delivered to one or more recipients.\r\n")
                    .append("This is only a warning: the mail system keeps trying")
                    .append(entries.isEmpty() || entries.get(0).retryUntil() == null ? "" : " until " + date(entries.get(0).retryUntil()))
                    .append(".\r\nYou do not need to send the message again.\r\n");
        }
        for (Entry e : entries) {
            m.append("\r\n");
            fold(m, "<" + oneLine(e.recipient()) + ">: " + (e.diagnostic() == null ? e.status() : oneLine(e.diagnostic())));
        }

        m.append("\r\n--").append(boundary).append("\r\n");
        m.append("Content-Type: message/delivery-status\r\n");
        m.append("Content-Description: Delivery report\r\n\r\n");
        fold(m, "Reporting-MTA: dns; " + host);
        fold(m, "Arrival-Date: " + date(arrival));
        for (Entry e : entries) {
            m.append("\r\n");
            fold(m, "Final-Recipient: rfc822; " + oneLine(e.recipient()));
            fold(m, "Action: " + kind.action);
            fold(m, "Status: " + status(e.status(), kind));
            if (e.remoteMta() != null) {
                fold(m, "Remote-MTA: dns; " + oneLine(e.remoteMta()));
            }
            if (e.diagnostic() != null && !e.diagnostic().isBlank()) {
                fold(m, (e.remoteMta() != null ? "Diagnostic-Code: smtp; " : "Diagnostic-Code: X-Maildock; ")
                        + oneLine(e.diagnostic()));
            }
            if (e.lastAttempt() != null) {
                fold(m, "Last-Attempt-Date: " + date(e.lastAttempt()));
            }
            if (kind == Kind.DELAY && e.retryUntil() != null) {
                fold(m, "Will-Retry-Until: " + date(e.retryUntil()));
            }
        }

        m.append("\r\n--").append(boundary).append("\r\n");
        m.append("Content-Type: text/rfc822-headers\r\n");
        m.append("Content-Description: Undelivered Message Headers\r\n\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(m.toString().getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(originalHeaders);
        if (originalHeaders.length > 0 && originalHeaders[originalHeaders.length - 1] != '\n') {
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** A valid RFC 3463 code of the notice's class, whatever was recorded. */
    static String status(String recorded, Kind kind) {
        if (recorded != null && recorded.matches("[245]\\.\\d{1,3}\\.\\d{1,3}")) {
            return kind == Kind.DELAY && recorded.startsWith("5") ? "4.0.0" : recorded;
        }
        return kind == Kind.FAILURE ? "5.0.0" : "4.0.0";
    }

    /** Printable US-ASCII on one line, at most {@value #MAX_TEXT} characters: no CR, LF or controls. */
    public static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(Math.min(text.length(), MAX_TEXT));
        boolean space = false;
        for (int i = 0; i < text.length() && b.length() < MAX_TEXT; i++) {
            char c = text.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                space = b.length() > 0;
                continue;
            }
            if (space) {
                b.append(' ');
                space = false;
            }
            b.append(c > 0x7e ? '?' : c);
        }
        return b.toString();
    }

    /** Writes a field, folded at spaces before 78 characters (RFC 5322 section 2.2.3). */
    private static void fold(StringBuilder m, String field) {
        int lineStart = m.length();
        for (String word : field.split(" ")) {
            if (m.length() > lineStart && m.length() - lineStart + 1 + word.length() > 78) {
                m.append("\r\n ");
                lineStart = m.length() - 1;
            } else if (m.length() > lineStart) {
                m.append(' ');
            }
            m.append(word);
        }
        m.append("\r\n");
    }

    private static String date(Instant instant) {
        return DATE.format(ZonedDateTime.ofInstant(instant, ZoneId.systemDefault()));
    }
}
