package dev.maildock.ejb.delivery;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeliveryStatusNoticeTest {

    private static final Instant T = Instant.parse("2026-01-02T03:04:05Z");
    private static final byte[] HEADERS = "Subject: hello\r\nFrom: a@local.test\r\n".getBytes(StandardCharsets.US_ASCII);

    private static String build(DeliveryStatusNotice.Kind kind, String diagnostic) {
        return new String(DeliveryStatusNotice.build(kind, "mx.local.test", "a@local.test", T,
                List.of(new DeliveryStatusNotice.Entry("b@remote.test", "5.1.1", diagnostic, "mx.remote.test", T, T)),
                HEADERS, T), StandardCharsets.US_ASCII);
    }

    @Test
    void aMultipartReportWithTheThreePartsOfRfc3464() {
        String dsn = build(DeliveryStatusNotice.Kind.FAILURE, "550 5.1.1 no such user");
        Matcher b = Pattern.compile("boundary=\"([^\"]+)\"").matcher(dsn);
        assertTrue(b.find(), dsn);
        String boundary = b.group(1);
        String[] parts = dsn.split("\r\n--" + Pattern.quote(boundary));
        assertEquals(5, parts.length, "preamble, three parts, the closing delimiter: " + dsn);
        assertTrue(parts[0].contains("Content-Type: multipart/report; report-type=delivery-status;"), parts[0]);
        assertTrue(parts[0].startsWith("From: Mail Delivery System <MAILER-DAEMON@mx.local.test>\r\nTo: <a@local.test>\r\n"), parts[0]);
        assertTrue(parts[1].contains("Content-Type: text/plain; charset=us-ascii"), parts[1]);
        assertTrue(parts[2].contains("Content-Type: message/delivery-status\r\n"), parts[2]);
        assertTrue(parts[2].contains("\r\nReporting-MTA: dns; mx.local.test\r\nArrival-Date: "), parts[2]);
        assertTrue(parts[2].contains("\r\n\r\nFinal-Recipient: rfc822; b@remote.test\r\nAction: failed\r\nStatus: 5.1.1\r\n"
                + "Remote-MTA: dns; mx.remote.test\r\nDiagnostic-Code: smtp; 550 5.1.1 no such user\r\n"), parts[2]);
        assertTrue(parts[3].endsWith("\r\n\r\nSubject: hello\r\nFrom: a@local.test\r\n"), parts[3]);
        assertEquals("--\r\n", parts[4]);
    }

    @Test
    void aDelayNoticeSaysDelayedAndUntilWhen() {
        String dsn = build(DeliveryStatusNotice.Kind.DELAY, "451 4.2.1 busy");
        assertTrue(dsn.contains("Subject: Delayed Mail (still being retried)\r\n"), dsn);
        assertTrue(dsn.contains("Action: delayed\r\nStatus: 4.0.0\r\n"), "a 5.x.x status never in a delay: " + dsn);
        assertTrue(dsn.contains("Will-Retry-Until: "), dsn);
    }

    @Test
    void remoteTextCannotBreakOutOfItsField() {
        String evil = "550 ok\r\nBcc: victim@x\r\n\r\n--" + "\u0000\u00e9" + "\nContent-Type: text/html";
        String dsn = build(DeliveryStatusNotice.Kind.FAILURE, evil);
        assertFalse(dsn.contains("\nBcc:"), dsn);
        assertFalse(dsn.contains("\n--\u0000"), dsn);
        assertFalse(dsn.contains("\nContent-Type: text/html"), dsn);
        assertTrue(dsn.contains("Diagnostic-Code: smtp; 550 ok Bcc: victim@x -- ? Content-Type: text/html\r\n"), dsn);
        for (String line : dsn.split("\r\n")) {
            assertTrue(line.length() <= 998, "line too long");
            assertFalse(line.contains("\r") || line.contains("\n"), "bare CR or LF");
        }
    }

    @Test
    void longFieldsAreFoldedAtSpaces() {
        String long_ = "550 5.1.1 " + "word ".repeat(60);
        String dsn = build(DeliveryStatusNotice.Kind.FAILURE, long_);
        assertTrue(dsn.contains("\r\n word"), "continuation lines start with a space");
        for (String line : dsn.split("\r\n")) {
            assertTrue(line.length() <= 80, "folded before 78 characters or so: " + line);
        }
    }

    @Test
    void oneLineKeepsPrintableAsciiOnly() {
        assertEquals("a b ? c", DeliveryStatusNotice.oneLine(" a\r\n\tb \u00ff\u0007 c "));
        assertEquals(900, DeliveryStatusNotice.oneLine("x".repeat(5000)).length());
    }
}
