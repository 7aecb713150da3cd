package dev.maildock.e2e;

import jakarta.json.JsonObject;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 8-bit mail and the next hop's 8BITMIME (RFC 6152): a message submitted with 8-bit UTF-8 text,
 * with or without BODY=8BITMIME, reaches a server that announces 8BITMIME as it was, with
 * BODY=8BITMIME, and one that does not in a 7-bit form with the same decoded text; raw UTF-8
 * header fields for a 7-bit server fail with 5.6.7 and a DSN instead of being mangled (RFC 6531
 * section 3.2).
 */
class OutboundEightBitIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String TEXT = "Grüße aus Köln – die Rechnung über 10 € ist bezahlt.\r\n"
            + "Ελληνικά, русский, 日本語\r\n.leading dot line\r\n";

    @BeforeAll
    static void dns() {
        TestDns.start();
    }

    private static byte[] eightBitMessage(String from, String to, String subject) {
        return ("From: <" + from + ">\r\nTo: <" + to + ">\r\nSubject: " + subject + "\r\nMessage-ID: <" + System.nanoTime()
                + "." + subject + "@e2e.test>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n\r\n" + TEXT).getBytes(StandardCharsets.UTF_8);
    }

    /** MAIL FROM with BODY=8BITMIME (Maildock's 587 announces it). */
    private static Properties declared() {
        Properties p = new Properties();
        p.put("mail.smtp.mailextension", "BODY=8BITMIME");
        return p;
    }

    private static List<String> mailOptions(Sink.Received r) {
        return ApiJson.strings(r.envelope().getJsonArray("mail_options"));
    }

    /** The same 8-bit text submitted twice on 587: once with BODY=8BITMIME, once without. */
    private record Pair(String declaredTo, byte[] declared, String undeclaredTo, byte[] undeclared) {

        static Pair submit(String sender, String domain) throws Exception {
            Pair pair = new Pair("declared@" + domain, eightBitMessage(sender, "declared@" + domain, "declared-8bit"),
                    "undeclared@" + domain, eightBitMessage(sender, "undeclared@" + domain, "undeclared-8bit"));
            Outbound.submit(OutboundEightBitIT.declared(), sender, sender, pair.declared(), pair.declaredTo());
            Outbound.submit(sender, sender, pair.undeclared(), pair.undeclaredTo());
            return pair;
        }

        /** What was submitted to the recipient this message went to. */
        byte[] submittedFor(Sink.Received r) {
            return ApiJson.strings(r.envelope().getJsonArray("rcpt_tos")).get(0).equals(declaredTo) ? declared : undeclared;
        }

        void awaitQueueEmpty() throws Exception {
            Outbound.awaitQueueEmptyFor(declaredTo, WAIT);
            Outbound.awaitQueueEmptyFor(undeclaredTo, WAIT);
        }
    }

    @Test
    void aServerWithout8BitMimeGetsSevenBitContentWithTheSameText() throws Exception {
        String sender = Accounts.create("out-7bit");
        String domain = Outbound.domain("sevenbit");
        try (Sink sink = Sink.start(Outbound.mxOn(domain, Outbound.nextHost()), "--no-8bitmime")) {
            Pair pair = Pair.submit(sender, domain);

            List<Sink.Received> got = sink.await(2, WAIT);
            assertEquals(2, got.size());
            for (Sink.Received r : got) {
                byte[] bytes = r.message();
                for (int i = 0; i < bytes.length; i++) {
                    if (bytes[i] < 0) {
                        throw new AssertionError("8-bit octet at " + i + " sent to a 7-bit server: " + r.text());
                    }
                }
                assertFalse(mailOptions(r).contains("BODY=8BITMIME"), "no BODY=8BITMIME to a server without it: " + r.envelope());
                MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(bytes));
                MimeMessage before = new MimeMessage(Session.getInstance(new Properties()),
                        new ByteArrayInputStream(pair.submittedFor(r)));
                assertEquals("quoted-printable", m.getEncoding(), r.text());
                assertEquals(TEXT, new String(m.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                        "the decoded text is the submitted one");
                assertEquals(before.getMessageID(), m.getMessageID());
                assertEquals(before.getSubject(), m.getSubject());
                assertEquals(before.getContentType(), m.getContentType());
                assertTrue(r.text().startsWith("Received: from "), r.text());
            }
            pair.awaitQueueEmpty();
        }
    }

    /**
     * Declared or not (a client that leaves BODY=8BITMIME out breaks RFC 6152, but its octets are
     * 8-bit all the same), the next hop hears BODY=8BITMIME and gets the bytes as submitted.
     */
    @Test
    void aServerWith8BitMimeGetsTheBytesUnchangedWithBody8BitMime() throws Exception {
        String sender = Accounts.create("out-8bit");
        String domain = Outbound.domain("eightbit");
        try (Sink sink = Sink.start(Outbound.mxOn(domain, Outbound.nextHost()))) {
            Pair pair = Pair.submit(sender, domain);

            List<Sink.Received> got = sink.await(2, WAIT);
            assertEquals(2, got.size());
            for (Sink.Received r : got) {
                assertTrue(mailOptions(r).contains("BODY=8BITMIME"), r.envelope().toString());
                byte[] raw = pair.submittedFor(r);
                byte[] stored = r.message();
                assertArrayEquals(raw, Arrays.copyOfRange(stored, stored.length - raw.length, stored.length),
                        "the bytes as submitted, after Maildock's Received field: " + r.envelope());
            }
            pair.awaitQueueEmpty();
        }
    }

    @Test
    void rawUtf8HeaderFieldsForASevenBitServerFailWith567AndADsn() throws Exception {
        String sender = Accounts.create("out-utf8hdr");
        String domain = Outbound.domain("utf8hdr");
        try (Sink sink = Sink.start(Outbound.mxOn(domain, Outbound.nextHost()), "--no-8bitmime")) {
            String ascii = "reader@" + domain;
            byte[] raw = ("From: Jürgen <" + sender + ">\r\nTo: <" + ascii + ">\r\nSubject: Grüße\r\nMessage-ID: <"
                    + System.nanoTime() + ".utf8@e2e.test>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
                    + "Content-Transfer-Encoding: 8bit\r\n\r\n" + TEXT).getBytes(StandardCharsets.UTF_8);
            Outbound.submit(declared(), sender, sender, raw, ascii);

            List<byte[]> inbox = Outbound.inbox(sender, 1, WAIT);
            assertEquals(1, inbox.size(), "a DSN in the sender's INBOX");
            Outbound.Dsn dsn = Outbound.Dsn.parse(inbox.get(0));
            assertTrue(dsn.status().contains("Final-Recipient: rfc822; " + ascii), dsn.status());
            assertTrue(dsn.status().contains("Action: failed"), dsn.status());
            assertTrue(dsn.status().contains("Status: 5.6.7"), dsn.status());
            assertTrue(dsn.status().contains("8BITMIME"), dsn.status());
            assertTrue(sink.received().isEmpty(), "nothing was sent");
            assertTrue(sink.rcptLog().isEmpty(), "not even a RCPT");
            Outbound.awaitQueueEmptyFor(ascii, WAIT);
        }
    }
}
