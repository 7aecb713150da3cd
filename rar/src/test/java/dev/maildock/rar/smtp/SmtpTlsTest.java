package dev.maildock.rar.smtp;

import dev.maildock.rar.net.ConnectionLimits;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** STARTTLS (RFC 3207), implicit TLS (RFC 8314) and AUTH (RFC 4954) with real TLS handshakes. */
class SmtpTlsTest {

    private static final char[] PASSWORD = TestKeystore.PASSWORD;
    private static SslContext serverTls;
    private static SslContext clientTls;

    @TempDir
    Path spool;

    @BeforeAll
    static void certificate(@TempDir Path dir) throws Exception {
        Path keystore = TestKeystore.create(dir);
        serverTls = TlsContexts.serverContext(keystore, PASSWORD);
        clientTls = SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                .trustManager(InsecureTrustManagerFactory.INSTANCE).protocols("TLSv1.3", "TLSv1.2").build();
    }

    private SmtpConversation conversation(ListenerMode mode) {
        SmtpConversation smtp = new SmtpConversation(mode, SmtpConversation.settings(spool), serverTls, new InMemoryPlatform());
        if (mode.implicitTls()) {
            smtp.startTls(clientTls);
        }
        return smtp;
    }

    /** EHLO, STARTTLS, handshake, EHLO again; returns the second EHLO's reply. */
    private static String upgrade(SmtpConversation smtp) {
        smtp.read();
        smtp.command("EHLO client.test");
        assertEquals("220 2.0.0 Ready to start TLS\r\n", smtp.command("STARTTLS"));
        smtp.startTls(clientTls);
        return smtp.command("EHLO client.test");
    }

    private static String plain(String user, String password) {
        return Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void startTlsIsOfferedBeforeTlsAndAuthOnlyAfter() {
        try (SmtpConversation smtp = conversation(ListenerMode.MX)) {
            smtp.read();
            String before = smtp.command("EHLO client.test");
            assertTrue(before.contains("250-STARTTLS\r\n"), before);
            assertFalse(before.contains("AUTH"), before);
            assertTrue(smtp.command("AUTH PLAIN " + plain("alice@example.test", "s3cret")).startsWith("538 5.7.11"));
            assertEquals("220 2.0.0 Ready to start TLS\r\n", smtp.command("STARTTLS"));
            smtp.startTls(clientTls);
            String after = smtp.command("EHLO client.test");
            assertFalse(after.contains("STARTTLS"), after);
            assertTrue(after.contains("250-AUTH PLAIN LOGIN\r\n"), after);
            assertTrue(smtp.command("STARTTLS").startsWith("503 5.5.1"));
        }
    }

    @Test
    void startTlsWithArgumentIs501() {
        try (SmtpConversation smtp = conversation(ListenerMode.MX)) {
            smtp.read();
            smtp.command("EHLO client.test");
            assertTrue(smtp.command("STARTTLS now").startsWith("501 5.5.4"));
        }
    }

    /** RFC 3207 section 4.2 / CVE-2011-0411 class: plaintext pipelined after STARTTLS is never acted on. */
    @Test
    void commandsInjectedAfterStartTlsAreDiscarded() {
        try (SmtpConversation smtp = conversation(ListenerMode.MX)) {
            smtp.read();
            smtp.command("EHLO client.test");
            smtp.send("STARTTLS\r\nEHLO evil.test\r\nMAIL FROM:<evil@attacker.test>\r\nRCPT TO:<alice@example.test>\r\n");
            assertEquals(List.of("220 2.0.0 Ready to start TLS"), smtp.replies());
            smtp.startTls(clientTls);
            assertEquals("", smtp.read(), "no answers to the injected commands, not even inside TLS");
            // The session forgot everything: no HELO, no transaction.
            assertTrue(smtp.command("MAIL FROM:<a@remote.test>").startsWith("503 5.5.1 Send HELO or EHLO first"));
            smtp.command("EHLO client.test");
            assertTrue(smtp.command("RCPT TO:<alice@example.test>").startsWith("503 5.5.1"));
            assertFalse(smtp.platform.calls.stream().anyMatch(c -> c.contains("evil")), smtp.platform.calls::toString);
        }
    }

    @Test
    void authPlainWithInitialResponseThenRelayAndEsmtpsaTrace() {
        try (SmtpConversation smtp = conversation(ListenerMode.MX)) {
            upgrade(smtp);
            assertEquals("235 2.7.0 Authentication successful\r\n",
                    smtp.command("AUTH PLAIN " + plain("alice@example.test", "s3cret")));
            assertTrue(smtp.command("AUTH PLAIN " + plain("alice@example.test", "s3cret")).startsWith("503 5.5.1"));
            assertFalse(smtp.command("EHLO client.test").contains("AUTH"));
            smtp.command("MAIL FROM:<alice@example.test>");
            assertTrue(smtp.command("RCPT TO:<friend@elsewhere.test>").startsWith("250"));
            smtp.command("DATA");
            assertTrue(smtp.command("hi\r\n.").startsWith("250"));
            InMemoryPlatform.Delivery delivery = smtp.platform.deliveries.get(0);
            assertEquals("alice@example.test", delivery.envelope().session().authenticatedUser());
            assertTrue(delivery.envelope().session().client().tls());
            assertTrue(new String(delivery.bytes(), StandardCharsets.US_ASCII).contains(" with ESMTPSA id "));
        }
    }

    @Test
    void authPlainWithChallenge() {
        try (SmtpConversation smtp = conversation(ListenerMode.MX)) {
            upgrade(smtp);
            assertEquals("334 \r\n", smtp.command("AUTH PLAIN"));
            assertTrue(smtp.command(plain("alice@example.test", "s3cret")).startsWith("235 2.7.0"));
        }
    }

    @Test
    void authLogin() {
        try (SmtpConversation smtp = conversation(ListenerMode.MX)) {
            upgrade(smtp);
            assertEquals("334 VXNlcm5hbWU6\r\n", smtp.command("AUTH LOGIN"));
            assertEquals("334 UGFzc3dvcmQ6\r\n", smtp.command(b64("alice@example.test")));
            assertTrue(smtp.command(b64("s3cret")).startsWith("235 2.7.0"));
        }
    }

    @Test
    void authLoginWithInitialResponse() {
        try (SmtpConversation smtp = conversation(ListenerMode.MX)) {
            upgrade(smtp);
            assertEquals("334 UGFzc3dvcmQ6\r\n", smtp.command("auth login " + b64("alice@example.test")));
            assertTrue(smtp.command(b64("wrong")).startsWith("535 5.7.8"));
        }
    }

    @Test
    void authFailuresCancelAndGarbage() {
        try (SmtpConversation smtp = conversation(ListenerMode.MX)) {
            upgrade(smtp);
            assertTrue(smtp.command("AUTH CRAM-MD5").startsWith("504 5.5.4"));
            assertEquals("334 \r\n", smtp.command("AUTH PLAIN"));
            assertTrue(smtp.command("*").startsWith("501 5.0.0"));
            assertTrue(smtp.command("AUTH PLAIN !!!notbase64").startsWith("501 5.5.2"));
            // Acting as somebody else (authzid) is refused like a bad password.
            String proxy = Base64.getEncoder().encodeToString("bob@example.test\0alice@example.test\0s3cret"
                    .getBytes(StandardCharsets.UTF_8));
            assertTrue(smtp.command("AUTH PLAIN " + proxy).startsWith("535 5.7.8"));
            assertTrue(smtp.command("AUTH PLAIN " + plain("alice@example.test", "s3cret")).startsWith("235"));
        }
    }

    /** RFC 4954 section 4: AUTH lines may exceed 512 octets (up to 12288); other lines may not. */
    @Test
    void longAuthLinesAreFramedUpTo12288Octets() {
        try (SmtpConversation smtp = conversation(ListenerMode.MX)) {
            upgrade(smtp);
            String longPassword = "p".repeat(3000);
            assertTrue(smtp.command("AUTH PLAIN " + plain("alice@example.test", longPassword)).startsWith("535 5.7.8"));
            assertEquals("334 \r\n", smtp.command("AUTH PLAIN"));
            assertTrue(smtp.command(plain("alice@example.test", longPassword)).startsWith("535 5.7.8"));
            assertTrue(smtp.command("AUTH PLAIN " + "A".repeat(12300)).startsWith("500 5.5.2"));
            assertTrue(smtp.command("NOOP " + "x".repeat(600)).startsWith("500 5.5.2"));
            assertTrue(smtp.command("AUTH PLAIN " + plain("alice@example.test", "s3cret")).startsWith("235"));
        }
    }

    @Test
    void threeFailedLoginsEndTheSessionAfterADelay() {
        try (SmtpConversation smtp = conversation(ListenerMode.MX)) {
            upgrade(smtp);
            assertTrue(smtp.command("AUTH PLAIN " + plain("alice@example.test", "guess1")).startsWith("535 5.7.8"));
            assertTrue(smtp.command("AUTH PLAIN " + plain("alice@example.test", "guess2")).startsWith("535 5.7.8"));
            smtp.send("AUTH PLAIN " + plain("alice@example.test", "guess3") + "\r\nNOOP\r\n");
            List<String> replies = smtp.replies();
            assertEquals(2, replies.size(), replies::toString);
            assertTrue(replies.get(0).startsWith("535 5.7.8"));
            assertTrue(replies.get(1).startsWith("421 4.7.0"));
            assertFalse(smtp.open());
        }
    }

    /** #22: the platform's lockout decides the delay before a failure answer; the session waits on its timer. */
    @Test
    void thePlatformsLockoutDelayHoldsTheFailureAnswer() throws Exception {
        InMemoryPlatform platform = new InMemoryPlatform();
        platform.failureDelay = Duration.ofMillis(300);
        try (SmtpConversation smtp = new SmtpConversation(ListenerMode.MX, SmtpConversation.settings(spool), serverTls,
                platform, new ConnectionLimits(100, 100))) {
            upgrade(smtp);
            assertEquals("", smtp.command("AUTH PLAIN " + plain("alice@example.test", "guess1")));
            assertEquals("", smtp.command("NOOP"), "nothing is read during the delay");
            Thread.sleep(400);
            List<String> replies = smtp.replies();
            assertTrue(replies.get(0).startsWith("535 5.7.8"), replies::toString);
            assertTrue(replies.get(1).startsWith("250"), replies::toString);
        }
    }

    /** Failures are counted across sessions: a new connection does not reset the guessing budget. */
    @Test
    void lockoutAcrossSessionsAnswers454WithoutAskingThePlatform() {
        AuthThrottle throttle = new AuthThrottle(2, Duration.ofMinutes(15));
        ConnectionLimits limits = new ConnectionLimits(100, 100);
        try (SmtpConversation first = new SmtpConversation(ListenerMode.MX, SmtpConversation.settings(spool), serverTls,
                new InMemoryPlatform(), limits, throttle)) {
            upgrade(first);
            assertTrue(first.command("AUTH PLAIN " + plain("bob@example.test", "guess1")).startsWith("535"));
            assertTrue(first.command("AUTH PLAIN " + plain("bob@example.test", "guess2")).startsWith("535"));
        }
        InMemoryPlatform platform = new InMemoryPlatform();
        try (SmtpConversation second = new SmtpConversation(ListenerMode.MX, SmtpConversation.settings(spool), serverTls,
                platform, limits, throttle)) {
            upgrade(second);
            assertTrue(second.command("AUTH PLAIN " + plain("alice@example.test", "s3cret")).startsWith("454 4.7.0"));
            assertFalse(platform.calls.stream().anyMatch(c -> c.startsWith("auth")), platform.calls::toString);
        }
    }

    @Test
    void submissionNeedsAuthBeforeMail() {
        try (SmtpConversation smtp = conversation(ListenerMode.SUBMISSION)) {
            smtp.read();
            smtp.command("EHLO client.test");
            assertTrue(smtp.command("MAIL FROM:<alice@example.test>").startsWith("530 5.7.0"));
            upgrade(smtp);
            assertTrue(smtp.command("MAIL FROM:<alice@example.test>").startsWith("530 5.7.0"));
            smtp.command("AUTH PLAIN " + plain("alice@example.test", "s3cret"));
            assertTrue(smtp.command("MAIL FROM:<alice@example.test>").startsWith("250"));
        }
    }

    @Test
    void implicitTlsGreetsInsideTls() {
        try (SmtpConversation smtp = conversation(ListenerMode.SMTPS)) {
            assertEquals("220 mx.example.test ESMTP Maildock\r\n", smtp.read());
            assertEquals(List.of("connect tls=true"), smtp.platform.calls);
            String ehlo = smtp.command("EHLO client.test");
            assertFalse(ehlo.contains("STARTTLS"), ehlo);
            assertTrue(ehlo.contains("AUTH PLAIN LOGIN"), ehlo);
            assertTrue(smtp.command("AUTH PLAIN " + plain("alice@example.test", "s3cret")).startsWith("235"));
            assertTrue(smtp.command("MAIL FROM:<alice@example.test>").startsWith("250"));
        }
    }
}
