package dev.maildock.rar.smtp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DATA (RFC 5321 4.1.1.4, 4.5.2, 4.5.3.1), pipelining (RFC 2920), SIZE (RFC 1870), 8BITMIME (RFC 6152). */
class SmtpDataTest {

    @TempDir
    Path spool;

    private static final String RECEIVED_PREFIX = "Received: from client.test ([127.0.0.1])\r\n"
            + "\tby mx.example.test (Maildock) with ESMTP id ";

    private static void envelope(SmtpConversation smtp, String... recipients) {
        smtp.read();
        assertTrue(smtp.command("EHLO client.test").startsWith("250"));
        assertTrue(smtp.command("MAIL FROM:<sender@remote.test>").startsWith("250 2.1.0"));
        for (String recipient : recipients) {
            assertTrue(smtp.command("RCPT TO:<" + recipient + ">").startsWith("250 2.1.5"));
        }
        assertTrue(smtp.command("DATA").startsWith("354"));
    }

    /** The content as the platform stored it, without the Received header the session prepended. */
    private static byte[] content(byte[] delivered) {
        String text = new String(delivered, StandardCharsets.ISO_8859_1);
        assertTrue(text.startsWith(RECEIVED_PREFIX), text);
        int headerEnd = text.indexOf("\r\n", text.indexOf(";\r\n\t") + 3) + 2;
        return Arrays.copyOfRange(delivered, headerEnd, delivered.length);
    }

    @Test
    void messageIsDeliveredWithReceivedHeader() {
        try (SmtpConversation smtp = SmtpConversation.mx(spool)) {
            envelope(smtp, "alice@example.test");
            String reply = smtp.command("Subject: hi\r\n\r\nHello.\r\n.");
            assertTrue(reply.startsWith("250 2.0.0 Message accepted for delivery as "), reply);
            assertEquals(1, smtp.platform.deliveries.size());
            InMemoryPlatform.Delivery delivery = smtp.platform.deliveries.get(0);
            assertEquals("sender@remote.test", delivery.envelope().reversePath().address());
            String text = new String(delivery.bytes(), StandardCharsets.ISO_8859_1);
            String id = reply.substring(reply.lastIndexOf(' ') + 1).trim();
            assertEquals(RECEIVED_PREFIX + id + "\r\n\tfor <alice@example.test>;\r\n\tSun, 22 Nov 2026 04:00:00 +0000\r\n"
                    + "Subject: hi\r\n\r\nHello.\r\n", text);
            // The transaction is over: a new one may start at once.
            assertTrue(smtp.command("MAIL FROM:<>").startsWith("250"));
        }
    }

    @Test
    void severalRecipientsAreNotNamedInTheTraceHeader() {
        try (SmtpConversation smtp = SmtpConversation.mx(spool)) {
            envelope(smtp, "alice@example.test", "bob@example.test");
            assertTrue(smtp.command("x\r\n.").startsWith("250"));
            String text = new String(smtp.platform.deliveries.get(0).bytes(), StandardCharsets.ISO_8859_1);
            assertFalse(text.contains("for <"), text);
            assertEquals(2, smtp.platform.deliveries.get(0).envelope().recipients().size());
        }
    }

    @Test
    void emptyMessage() {
        try (SmtpConversation smtp = SmtpConversation.mx(spool)) {
            envelope(smtp, "alice@example.test");
            assertTrue(smtp.command(".").startsWith("250"));
            assertEquals(0, content(smtp.platform.deliveries.get(0).bytes()).length);
        }
    }

    @Test
    void dotUnstuffingIsByteExact() {
        try (SmtpConversation smtp = SmtpConversation.mx(spool)) {
            envelope(smtp, "alice@example.test");
            smtp.send("a\r\n..b\r\n...\r\n.x\r\n..\r\n\r\n.\r\n");
            assertTrue(smtp.read().startsWith("250"));
            assertEquals("a\r\n.b\r\n..\r\nx\r\n.\r\n\r\n",
                    new String(content(smtp.platform.deliveries.get(0).bytes()), StandardCharsets.ISO_8859_1));
        }
    }

    @Test
    void eightBitBodyIsByteExact() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int line = 0; line < 4; line++) {
            for (int b = 0; b < 256; b++) {
                // NUL is refused (nulInDataIsRefusedAndSessionStaysUsable); every other octet passes.
                if (b != 0 && b != '\r' && b != '\n' && !(b == '.' && line == 0)) {
                    body.write(b);
                }
            }
            body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        byte[] expected = body.toByteArray();
        try (SmtpConversation smtp = SmtpConversation.mx(spool)) {
            smtp.read();
            smtp.command("EHLO client.test");
            assertTrue(smtp.command("MAIL FROM:<sender@remote.test> BODY=8BITMIME").startsWith("250"));
            smtp.command("RCPT TO:<alice@example.test>");
            smtp.command("DATA");
            // Fed one octet at a time: framing must not depend on how the stream is chunked.
            for (byte b : expected) {
                smtp.send(new byte[] {b});
            }
            smtp.send(".\r\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(smtp.read().startsWith("250"));
            InMemoryPlatform.Delivery delivery = smtp.platform.deliveries.get(0);
            assertArrayEquals(expected, content(delivery.bytes()));
            assertTrue(delivery.envelope().eightBit());
        }
    }

    /** RFC 6152 asks for BODY=8BITMIME; a client that leaves it out still sent 8-bit content. */
    @Test
    void undeclaredEightBitContentIsMarkedEightBitAndSevenBitIsNot() {
        try (SmtpConversation smtp = SmtpConversation.mx(spool)) {
            smtp.read();
            smtp.command("EHLO client.test");
            for (String body : List.of("Gr\u00fc\u00dfe\r\n", "Hello\r\n")) {
                assertTrue(smtp.command("MAIL FROM:<sender@remote.test>").startsWith("250"));
                smtp.command("RCPT TO:<alice@example.test>");
                smtp.command("DATA");
                smtp.send((body + ".\r\n").getBytes(StandardCharsets.ISO_8859_1));
                assertTrue(smtp.read().startsWith("250"));
            }
            assertTrue(smtp.platform.deliveries.get(0).envelope().eightBit(), "undeclared 8-bit content");
            assertFalse(smtp.platform.deliveries.get(1).envelope().eightBit(), "7-bit content, nothing declared");
        }
    }

    /** SMTP smuggling (CVE-2023-51764 class): none of these ends the data, and the message is refused. */
    @ParameterizedTest(name = "smuggling with {0}")
    @ValueSource(strings = {"\\n.\\n", "\\r\\n.\\n", "\\n.\\r\\n", "\\r.\\r", "\\r\\n.\\r"})
    void smugglingVariantIsRejectedAndSessionStaysUsable(String escaped) {
        String fakeEnd = escaped.replace("\\r", "\r").replace("\\n", "\n");
        try (SmtpConversation smtp = SmtpConversation.mx(spool)) {
            envelope(smtp, "alice@example.test");
            smtp.send("Subject: legit\r\n\r\nhello" + fakeEnd
                    + "MAIL FROM:<ceo@example.test>\r\nRCPT TO:<bob@example.test>\r\nDATA\r\n"
                    + "Subject: smuggled\r\n\r\nevil\r\n.\r\n");
            List<String> replies = smtp.replies();
            assertEquals(List.of("550 5.6.0 Message refused: bare <CR> or <LF> found; lines must end with <CR><LF>"),
                    replies);
            assertTrue(smtp.platform.deliveries.isEmpty());
            assertFalse(smtp.platform.calls.stream().anyMatch(c -> c.contains("ceo@")), smtp.platform.calls::toString);
            // Usable: a clean transaction goes through.
            assertTrue(smtp.command("MAIL FROM:<sender@remote.test>").startsWith("250"));
            assertTrue(smtp.command("RCPT TO:<bob@example.test>").startsWith("250"));
            assertTrue(smtp.command("DATA").startsWith("354"));
            assertTrue(smtp.command("ok\r\n.").startsWith("250"));
            assertEquals(1, smtp.platform.deliveries.size());
        }
    }

    /** RFC 5322 section 2.1: no message contains NUL; Postfix and Dovecot refuse or strip it. */
    @ParameterizedTest(name = "NUL in message {index}")
    @ValueSource(strings = {"\0Subject: x\r\n\r\nbody\r\n", "Subject: x\r\n\r\nbo\0dy\r\n", "Subject: x\r\n\r\n.\0\r\n"})
    void nulInDataIsRefusedAndSessionStaysUsable(String content) {
        try (SmtpConversation smtp = SmtpConversation.mx(spool)) {
            envelope(smtp, "alice@example.test");
            smtp.send(content + ".\r\n");
            assertEquals(List.of("550 5.6.0 Message refused: NUL octets are not allowed in a message"), smtp.replies());
            assertTrue(smtp.platform.deliveries.isEmpty());
            assertTrue(smtp.command("MAIL FROM:<sender@remote.test>").startsWith("250"));
            assertTrue(smtp.command("RCPT TO:<bob@example.test>").startsWith("250"));
            assertTrue(smtp.command("DATA").startsWith("354"));
            assertTrue(smtp.command("ok\r\n.").startsWith("250"));
            assertEquals(1, smtp.platform.deliveries.size());
        }
    }

    @Test
    void smugglingSplitAcrossReadsIsStillCaught() {
        try (SmtpConversation smtp = SmtpConversation.mx(spool)) {
            envelope(smtp, "alice@example.test");
            smtp.send("hello\r");
            smtp.send("\n.");
            smtp.send("\n");
            smtp.send("MAIL FROM:<x@y.test>\r\n.\r\n");
            assertTrue(smtp.read().startsWith("550 5.6.0"));
        }
    }

    @Test
    void textLineOf1000OctetsPassesAndLongerIsRefusedAfterData() {
        try (SmtpConversation smtp = SmtpConversation.mx(spool)) {
            envelope(smtp, "alice@example.test");
            smtp.send("x".repeat(998) + "\r\n.\r\n");
            assertTrue(smtp.read().startsWith("250"));
            smtp.command("MAIL FROM:<>");
            smtp.command("RCPT TO:<alice@example.test>");
            smtp.command("DATA");
            smtp.send("y".repeat(999) + "\r\nnext\r\n.\r\n");
            assertEquals(List.of("550 5.6.0 Message refused: a line is longer than 1000 octets"), smtp.replies());
            assertEquals(1, smtp.platform.deliveries.size());
            assertTrue(smtp.command("NOOP").startsWith("250"));
        }
    }

    @Test
    void hugeLineInDataNeitherHangsNorBuffers() {
        try (SmtpConversation smtp = SmtpConversation.mx(spool)) {
            envelope(smtp, "alice@example.test");
            byte[] junk = new byte[100 * 1024];
            Arrays.fill(junk, (byte) 'j');
            smtp.send(junk);
            assertEquals("", smtp.read());
            smtp.send("\r\n.\r\n");
            assertTrue(smtp.read().startsWith("550 5.6.0"));
            assertTrue(smtp.command("NOOP").startsWith("250"));
        }
    }

    @Test
    void declaredSizeOverLimitIsRefusedAtMail() {
        try (SmtpConversation smtp = new SmtpConversation(ListenerMode.MX,
                SmtpConversation.settings(spool, 10_000, 1024, Duration.ofMinutes(5)), null, new InMemoryPlatform())) {
            smtp.read();
            assertTrue(smtp.command("EHLO c.test").contains("250-SIZE 10000\r\n"));
            assertTrue(smtp.command("MAIL FROM:<a@remote.test> SIZE=10001").startsWith("552 5.3.4"));
            assertTrue(smtp.command("MAIL FROM:<a@remote.test> SIZE=10000").startsWith("250"));
        }
    }

    /** Found by MailParametersFuzzTest: 19 digits or more counted as "too big" even when zeros. */
    @Test
    void declaredSizeWithLeadingZerosCountsByValue() {
        try (SmtpConversation smtp = new SmtpConversation(ListenerMode.MX,
                SmtpConversation.settings(spool, 10_000, 1024, Duration.ofMinutes(5)), null, new InMemoryPlatform())) {
            smtp.read();
            smtp.command("EHLO c.test");
            assertTrue(smtp.command("MAIL FROM:<a@remote.test> SIZE=0000000000000000000001").startsWith("250"));
            smtp.command("RSET");
            assertTrue(smtp.command("MAIL FROM:<a@remote.test> SIZE=99999999999999999999").startsWith("552 5.3.4"));
        }
    }

    @Test
    void messageOverLimitGets552AfterDataAndSessionStaysUsable() {
        try (SmtpConversation smtp = new SmtpConversation(ListenerMode.MX,
                SmtpConversation.settings(spool, 10_000, 1024, Duration.ofMinutes(5)), null, new InMemoryPlatform())) {
            envelope(smtp, "alice@example.test");
            String line = "z".repeat(98) + "\r\n";
            smtp.send(line.repeat(200) + ".\r\n");
            assertEquals(List.of("552 5.3.4 Message size exceeds fixed maximum message size"), smtp.replies());
            assertTrue(smtp.platform.deliveries.isEmpty());
            assertTrue(smtp.command("MAIL FROM:<a@remote.test>").startsWith("250"));
            assertTrue(spoolIsEmpty(), "the spill file is gone");
        }
    }

    @Test
    void bigMessageSpillsToDiskAndArrivesIntact() throws IOException {
        try (SmtpConversation smtp = new SmtpConversation(ListenerMode.MX,
                SmtpConversation.settings(spool, 1_000_000, 4096, Duration.ofMinutes(5)), null, new InMemoryPlatform())) {
            envelope(smtp, "alice@example.test");
            StringBuilder body = new StringBuilder();
            for (int i = 0; i < 2000; i++) {
                body.append("line ").append(i).append(" ").append("-".repeat(40)).append("\r\n");
            }
            smtp.send(body + ".\r\n");
            assertTrue(smtp.read().startsWith("250"));
            InMemoryPlatform.Delivery delivery = smtp.platform.deliveries.get(0);
            assertTrue(delivery.spooled(), "content over the threshold lives in a file");
            assertEquals(body.toString(), new String(content(delivery.bytes()), StandardCharsets.ISO_8859_1));
            assertTrue(spoolIsEmpty(), "the spill file is deleted after delivery");
        }
    }

    @Test
    void moreThanFiftyReceivedHeadersIsALoop() {
        String hop = "Received: from a.test by b.test;\r\n\tSun, 22 Nov 2026 03:00:00 +0000\r\n";
        try (SmtpConversation smtp = SmtpConversation.mx(spool)) {
            envelope(smtp, "alice@example.test");
            // 50 in the header, more in the body and in folded lines: not a loop.
            assertTrue(smtp.command(hop.repeat(50) + "X-Note: x\r\n received: folded\r\n\r\n" + hop.repeat(10) + ".")
                    .startsWith("250"));
            smtp.command("MAIL FROM:<>");
            smtp.command("RCPT TO:<alice@example.test>");
            smtp.command("DATA");
            assertTrue(smtp.command(hop.repeat(25) + "RECEIVED: x\r\n" + hop.repeat(25) + "\r\nbody\r\n.")
                    .startsWith("554 5.4.6"));
            assertEquals(1, smtp.platform.deliveries.size());
        }
    }

    @Test
    void spoolFileIsDeletedWhenTheClientLeavesDuringDelivery() {
        InMemoryPlatform platform = new InMemoryPlatform();
        try (SmtpConversation smtp = new SmtpConversation(ListenerMode.MX,
                SmtpConversation.settings(spool, 1_000_000, 16, Duration.ofMinutes(5)), null, platform)) {
            platform.duringDelivery = () -> smtp.server.close();
            envelope(smtp, "alice@example.test");
            smtp.send("a line longer than the sixteen octet threshold\r\n.\r\n");
            assertFalse(smtp.open());
            assertTrue(smtp.platform.deliveries.get(0).spooled());
            assertTrue(spoolIsEmpty(), "the spill file is deleted although nobody is left to answer");
        }
    }

    @Test
    void spoolThatCannotBeWrittenIs451() throws IOException {
        Path notADirectory = Files.writeString(spool.resolve("file"), "x");
        try (SmtpConversation smtp = new SmtpConversation(ListenerMode.MX,
                SmtpConversation.settings(notADirectory, 1_000_000, 16, Duration.ofMinutes(5)), null,
                new InMemoryPlatform())) {
            envelope(smtp, "alice@example.test");
            assertTrue(smtp.command("more than sixteen octets of content\r\n.").startsWith("451 4.3.0"));
            assertTrue(smtp.platform.deliveries.isEmpty());
            assertTrue(smtp.command("MAIL FROM:<>").startsWith("250"));
        }
    }

    @Test
    void failedDeliveryIs451AndNothingIsPromised() {
        InMemoryPlatform platform = new InMemoryPlatform();
        platform.failDelivery = true;
        try (SmtpConversation smtp = new SmtpConversation(ListenerMode.MX, SmtpConversation.settings(spool), null, platform)) {
            envelope(smtp, "alice@example.test");
            assertTrue(smtp.command("x\r\n.").startsWith("451 4.3.0"));
            platform.failDelivery = false;
            assertTrue(smtp.command("MAIL FROM:<a@remote.test>").startsWith("250"));
        }
    }

    @Test
    void pipelinedTransactionsAreAnsweredInOrder() {
        try (SmtpConversation smtp = SmtpConversation.mx(spool)) {
            smtp.read();
            smtp.command("EHLO client.test");
            smtp.send("MAIL FROM:<a@remote.test>\r\nRCPT TO:<alice@example.test>\r\nRCPT TO:<nobody@example.test>\r\n"
                    + "RCPT TO:<bob@example.test>\r\nDATA\r\n");
            List<String> replies = smtp.replies();
            assertEquals(5, replies.size(), replies::toString);
            assertTrue(replies.get(0).startsWith("250 2.1.0"));
            assertTrue(replies.get(1).startsWith("250 2.1.5"));
            assertTrue(replies.get(2).startsWith("550 5.1.1"));
            assertTrue(replies.get(3).startsWith("250 2.1.5"));
            assertTrue(replies.get(4).startsWith("354"));
            // A client that pipelines the content and the next transaction anyway (one TCP segment).
            smtp.send("first\r\n.\r\nMAIL FROM:<b@remote.test>\r\nRCPT TO:<bob@example.test>\r\nDATA\r\nsecond\r\n.\r\nQUIT\r\n");
            replies = smtp.replies();
            assertEquals(6, replies.size(), replies::toString);
            assertTrue(replies.get(0).startsWith("250 2.0.0"));
            assertTrue(replies.get(1).startsWith("250 2.1.0"));
            assertTrue(replies.get(2).startsWith("250 2.1.5"));
            assertTrue(replies.get(3).startsWith("354"));
            assertTrue(replies.get(4).startsWith("250 2.0.0"));
            assertTrue(replies.get(5).startsWith("221 2.0.0"));
            assertEquals(2, smtp.platform.deliveries.size());
            assertEquals(List.of("alice@example.test", "bob@example.test"),
                    smtp.platform.deliveries.get(0).envelope().recipients().stream().map(r -> r.address()).toList());
            assertFalse(smtp.open(), "QUIT pipelined after the data closed the session");
        }
    }

    @Test
    void allRecipientsRefusedThenDataIs554() {
        try (SmtpConversation smtp = SmtpConversation.mx(spool)) {
            smtp.read();
            smtp.command("EHLO client.test");
            smtp.send("MAIL FROM:<a@remote.test>\r\nRCPT TO:<nobody@example.test>\r\nDATA\r\n");
            List<String> replies = smtp.replies();
            assertEquals(3, replies.size());
            assertTrue(replies.get(2).startsWith("554 5.5.1"));
            // The 554 kept the session in command mode: this is a command, not content.
            assertTrue(smtp.command("RSET").startsWith("250"));
        }
    }

    @Test
    void recipientsPastTheLimitGet452() {
        try (SmtpConversation smtp = SmtpConversation.mx(spool)) {
            smtp.read();
            smtp.command("EHLO client.test");
            smtp.command("MAIL FROM:<a@remote.test>");
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < 150; i++) {
                batch.append("RCPT TO:<").append(i % 2 == 0 ? "alice" : "bob").append("@example.test>\r\n");
            }
            smtp.send(batch.toString());
            List<String> replies = smtp.replies();
            assertEquals(150, replies.size());
            assertTrue(replies.subList(0, 100).stream().allMatch(r -> r.startsWith("250 2.1.5")));
            assertTrue(replies.subList(100, 150).stream().allMatch(r -> r.startsWith("452 4.5.3")));
            // 452 is not an error that ends the session (RFC 5321 4.5.3.1.10).
            assertTrue(smtp.command("DATA").startsWith("354"));
            assertTrue(smtp.command("x\r\n.").startsWith("250"));
            assertEquals(100, smtp.platform.deliveries.get(0).envelope().recipients().size());
        }
    }

    @Test
    void commandLineOf2000OctetsIsRefusedAndSessionStaysUsable() {
        try (SmtpConversation smtp = SmtpConversation.mx(spool)) {
            smtp.read();
            smtp.send("NOOP " + "a".repeat(1995) + "\r\n");
            assertEquals(List.of("500 5.5.2 Line too long"), smtp.replies());
            assertTrue(smtp.command("NOOP").startsWith("250"));
            // 512 octets with CRLF is still fine.
            assertTrue(smtp.command("NOOP " + "b".repeat(505)).startsWith("250"));
            assertTrue(smtp.command("NOOP " + "b".repeat(506)).startsWith("500 5.5.2"));
        }
    }

    @Test
    void junkLineOf100KilobytesIsAnsweredOnceWithoutWaitingForItsEnd() {
        try (SmtpConversation smtp = SmtpConversation.mx(spool)) {
            smtp.read();
            byte[] junk = new byte[100 * 1024];
            Arrays.fill(junk, (byte) 'q');
            for (int i = 0; i < junk.length; i += 8192) {
                smtp.send(Arrays.copyOfRange(junk, i, Math.min(junk.length, i + 8192)));
            }
            assertEquals(List.of("500 5.5.2 Line too long"), smtp.replies());
            smtp.send("\r\nNOOP\r\n");
            assertEquals(List.of("250 2.0.0 OK"), smtp.replies());
        }
    }

    @Test
    void commandWithBareLineFeedIsRefused() {
        try (SmtpConversation smtp = SmtpConversation.mx(spool)) {
            smtp.read();
            smtp.send("NOOP\nNOOP\r\n");
            assertEquals(List.of("500 5.5.2 Command lines must end with <CR><LF>", "250 2.0.0 OK"), smtp.replies());
        }
    }

    @Test
    void idleSessionGets421() throws InterruptedException {
        try (SmtpConversation smtp = new SmtpConversation(ListenerMode.MX,
                SmtpConversation.settings(spool, 10_000, 1024, Duration.ofMillis(50)), null, new InMemoryPlatform())) {
            smtp.read();
            Thread.sleep(120);
            smtp.pump();
            assertTrue(smtp.read().startsWith("421 4.4.2 mx.example.test"));
            assertFalse(smtp.open());
        }
    }

    /** A client that trickles a command line an octet at a time does not hold the session beyond the limit. */
    @Test
    void tricklingACommandLineGets421AtTheDeadline() throws InterruptedException {
        try (SmtpConversation smtp = new SmtpConversation(ListenerMode.MX,
                SmtpConversation.settings(spool, 10_000, 1024, Duration.ofMillis(300)), null, new InMemoryPlatform())) {
            smtp.read();
            long started = System.nanoTime();
            for (char octet : "NOOP NOOP NOOP NOOP".toCharArray()) {
                Thread.sleep(50); // every octet well within the limit, the line far beyond it
                smtp.send(String.valueOf(octet));
                if (!smtp.open()) {
                    break;
                }
            }
            assertTrue(smtp.read().startsWith("421 4.4.2 mx.example.test"));
            assertFalse(smtp.open());
            assertTrue((System.nanoTime() - started) / 1e6 < 900, "cut at the 300 ms deadline, not after the line");
        }
    }

    /** Inside DATA, content must keep up the minimum rate once the slack (the idle timeout) is used up. */
    @Test
    void tricklingDataGets421BelowTheMinimumRate() throws InterruptedException {
        try (SmtpConversation smtp = inDataWithDeadline(Duration.ofMillis(300))) {
            for (int i = 0; i < 20 && smtp.open(); i++) {
                Thread.sleep(50);
                smtp.send("x"); // 20 octets a second, the minimum is 500
            }
            assertTrue(smtp.read().startsWith("421 4.4.2 mx.example.test"));
            assertFalse(smtp.open());
            assertTrue(spoolIsEmpty(), "the partial message is discarded");
        }
    }

    /** Content at a real client's pace keeps the session past the idle timeout. */
    @Test
    void dataAboveTheMinimumRateOutlastsTheIdleTimeout() throws InterruptedException {
        try (SmtpConversation smtp = inDataWithDeadline(Duration.ofMillis(300))) {
            for (int i = 0; i < 12; i++) {
                Thread.sleep(50);
                smtp.send("y".repeat(98) + "\r\n"); // 2,000 octets a second for 600 ms
            }
            smtp.send(".\r\n");
            assertTrue(smtp.read().startsWith("250 2.0.0"));
            assertTrue(smtp.open());
        }
    }

    /** A session past its 354, with the default minimum DATA rate and {@code idle} as the deadline. */
    private SmtpConversation inDataWithDeadline(Duration idle) {
        SmtpConversation smtp = new SmtpConversation(ListenerMode.MX,
                SmtpConversation.settings(spool, 100_000, 1024, idle), null, new InMemoryPlatform());
        smtp.read();
        smtp.send("EHLO client.test\r\nMAIL FROM:<a@remote.test>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\n");
        List<String> replies = smtp.replies();
        assertTrue(replies.get(replies.size() - 1).startsWith("354"), replies::toString);
        return smtp;
    }

    private boolean spoolIsEmpty() {
        try (Stream<Path> files = Files.list(spool)) {
            return files.findAny().isEmpty();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
