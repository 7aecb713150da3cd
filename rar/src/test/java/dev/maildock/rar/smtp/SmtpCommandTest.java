package dev.maildock.rar.smtp;

import dev.maildock.rar.api.ConnectVerdict;
import dev.maildock.rar.net.ConnectionLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every command and its replies, table-driven from RFC 5321 section 4.1 and 4.3.2 and the
 * extensions. Each row: commands sent first (separated by '|'), the command under test, and the
 * start of the expected reply.
 */
class SmtpCommandTest {

    @TempDir
    Path spool;

    @ParameterizedTest(name = "[{0}] {1} -> {2}")
    @CsvSource(delimiter = ';', value = {
            // greeting and hello (4.1.1.1)
            "'';HELO;501 5.5.4 Syntax: HELO <domain>",
            "'';EHLO;501 5.5.4 Syntax: EHLO <domain>",
            "'';HELO client.test;250 mx.example.test Hello [127.0.0.1]",
            "'';ehlo client.test;250-mx.example.test Hello [127.0.0.1]",
            "'';EhLo [192.0.2.1];250-mx.example.test Hello",
            // sequence (4.3.2, 503)
            "'';MAIL FROM:<a@remote.test>;503 5.5.1",
            "EHLO c.test;RCPT TO:<alice@example.test>;503 5.5.1",
            "EHLO c.test;DATA;503 5.5.1",
            "EHLO c.test|MAIL FROM:<a@remote.test>;MAIL FROM:<a@remote.test>;503 5.5.1 Sender already specified",
            "EHLO c.test|MAIL FROM:<a@remote.test>;DATA;554 5.5.1 No valid recipients",
            "EHLO c.test|MAIL FROM:<a@remote.test>|RSET;RCPT TO:<alice@example.test>;503 5.5.1",
            "EHLO c.test|MAIL FROM:<a@remote.test>|EHLO c.test;RCPT TO:<alice@example.test>;503 5.5.1",
            // simple commands (4.1.1.5 - 4.1.1.10)
            "'';NOOP;250 2.0.0 OK",
            "'';noop anything at all;250 2.0.0 OK",
            "'';RSET;250 2.0.0 OK",
            "'';RSET now;501 5.5.4",
            "'';HELP;214 2.0.0 EHLO HELO MAIL RCPT DATA RSET NOOP QUIT HELP VRFY STARTTLS AUTH",
            "'';HELP mail;214 2.0.0 MAIL FROM:<reverse-path>",
            "'';HELP FROBNICATE;504 5.5.1",
            "'';VRFY alice;252 2.5.0",
            "'';VRFY nobody@example.test;252 2.5.0",
            "'';VRFY;501 5.5.4",
            "'';EXPN staff;502 5.5.1",
            "'';SEND FROM:<a@b.test>;502 5.5.1",
            "'';SOML FROM:<a@b.test>;502 5.5.1",
            "'';SAML FROM:<a@b.test>;502 5.5.1",
            "'';TURN;502 5.5.1",
            "'';FROBNICATE;500 5.5.2",
            "'';'';500 5.5.2",
            "'';STARTTLS;454 4.7.0",
            "'';AUTH PLAIN AGFsaWNlAHMzY3JldA==;503 5.5.1 Send HELO or EHLO first",
            "EHLO c.test;AUTH PLAIN AGFsaWNlAHMzY3JldA==;538 5.7.11",
            "EHLO c.test;AUTH;501 5.5.4",
            // MAIL (4.1.1.2, RFC 1870, RFC 6152)
            "EHLO c.test;MAIL FROM:<>;250 2.1.0 Sender <> OK",
            "EHLO c.test;mail from:<Someone@Remote.test>;250 2.1.0 Sender <Someone@Remote.test> OK",
            "EHLO c.test;MAIL FROM: <a@remote.test>;250 2.1.0",
            "EHLO c.test;MAIL FROM:a@remote.test;250 2.1.0",
            "EHLO c.test;MAIL FROM:<\"john doe\"@remote.test>;250 2.1.0",
            "EHLO c.test;MAIL FROM:<a@[192.0.2.7]>;250 2.1.0",
            "EHLO c.test;MAIL FROM:<@relay.test:a@remote.test>;250 2.1.0 Sender <a@remote.test> OK",
            "EHLO c.test;MAIL FROM:<a@remote.test> SIZE=1000;250 2.1.0",
            "EHLO c.test;MAIL FROM:<a@remote.test> SIZE=26214401;552 5.3.4",
            "EHLO c.test;MAIL FROM:<a@remote.test> SIZE=big;501 5.5.4",
            "EHLO c.test;MAIL FROM:<a@remote.test> SIZE=9999999999999999999;552 5.3.4",
            "EHLO c.test;MAIL FROM:<a@remote.test> SIZE=123456789012345678901234567890;552 5.3.4",
            "EHLO c.test;MAIL FROM:<a@remote.test> BODY=8BITMIME;250 2.1.0",
            "EHLO c.test;MAIL FROM:<a@remote.test> body=7bit;250 2.1.0",
            "EHLO c.test;MAIL FROM:<a@remote.test> BODY=BINARYMIME;501 5.5.4",
            "EHLO c.test;MAIL FROM:<a@remote.test> FOO=bar;555 5.5.4",
            "EHLO c.test;MAIL FROM:<a@remote.test> SMTPUTF8;555 5.5.4",
            "EHLO c.test;MAIL FROM:<a@remote.test> AUTH=<>;555 5.5.4",
            "HELO c.test;MAIL FROM:<a@remote.test> SIZE=10;555 5.5.4",
            "EHLO c.test;MAIL FROM:<a@remote.test> SIZE=1 SIZE=2;501 5.1.7",
            "EHLO c.test;MAIL FROM:<no domain>;501 5.1.7",
            "EHLO c.test;MAIL FROM:<alice>;501 5.1.7",
            "EHLO c.test;MAIL FROM:<a@remote.test;501 5.1.7",
            "EHLO c.test;MAIL FROM:<a..b@remote.test>;501 5.1.7",
            "EHLO c.test;MAIL FROM:<a@-bad-.test>;501 5.1.7",
            "EHLO c.test;MAIL FROM:<jörg@remote.test>;501 5.1.7",
            "EHLO c.test;MAIL TO:<a@remote.test>;501 5.5.4",
            "EHLO c.test;MAIL;501 5.5.4",
            // RCPT (4.1.1.3, 3.6.1, 4.5.1, appendix C)
            "EHLO c.test|MAIL FROM:<a@remote.test>;RCPT TO:<alice@example.test>;250 2.1.5 Recipient <alice@example.test> OK",
            "EHLO c.test|MAIL FROM:<a@remote.test>;rcpt to:<ALICE@Example.Test>;250 2.1.5",
            "EHLO c.test|MAIL FROM:<a@remote.test>;RCPT TO: <bob@example.test>;250 2.1.5",
            "EHLO c.test|MAIL FROM:<a@remote.test>;RCPT TO:<@r1.test,@r2.test:bob@example.test>;250 2.1.5 Recipient <bob@example.test> OK",
            "EHLO c.test|MAIL FROM:<a@remote.test>;RCPT TO:<postmaster>;250 2.1.5",
            "EHLO c.test|MAIL FROM:<a@remote.test>;RCPT TO:<PostMaster>;250 2.1.5",
            "EHLO c.test|MAIL FROM:<a@remote.test>;RCPT TO:<postmaster@example.test>;250 2.1.5",
            "EHLO c.test|MAIL FROM:<a@remote.test>;RCPT TO:<nobody@example.test>;550 5.1.1",
            "EHLO c.test|MAIL FROM:<a@remote.test>;RCPT TO:<victim@elsewhere.test>;550 5.7.1",
            "EHLO c.test|MAIL FROM:<a@remote.test>;RCPT TO:<@r1.test:victim@elsewhere.test>;550 5.7.1",
            "EHLO c.test|MAIL FROM:<a@remote.test>;RCPT TO:<bob>;501 5.1.3",
            "EHLO c.test|MAIL FROM:<a@remote.test>;RCPT TO:<>;501 5.1.3",
            "EHLO c.test|MAIL FROM:<a@remote.test>;RCPT TO:<@r1.test>;501 5.1.3",
            "EHLO c.test|MAIL FROM:<a@remote.test>;RCPT TO:<alice@example.test> NOTIFY=NEVER;555 5.5.4",
            "EHLO c.test|MAIL FROM:<a@remote.test>;RCPT FROM:<alice@example.test>;501 5.5.4",
            "EHLO c.test|MAIL FROM:<a@remote.test>|RCPT TO:<alice@example.test>;DATA extra;501 5.5.4",
            "EHLO c.test|MAIL FROM:<a@remote.test>|RCPT TO:<alice@example.test>;DATA;354 End data with <CR><LF>.<CR><LF>",
    })
    void replies(String before, String command, String expected) {
        try (SmtpConversation smtp = SmtpConversation.mx(spool)) {
            smtp.read();
            if (!before.isEmpty()) {
                for (String line : before.split("\\|")) {
                    String reply = smtp.command(line);
                    assertTrue(reply.startsWith("2"), () -> line + " answered " + reply);
                }
            }
            String reply = smtp.command(command);
            String lastLine = reply.lines().reduce((a, b) -> b).orElse("");
            String firstLine = reply.lines().findFirst().orElse("");
            assertTrue(firstLine.startsWith(expected) || lastLine.startsWith(expected),
                    () -> command + " answered " + reply + " instead of " + expected);
            assertTrue(smtp.open(), "session stays open");
        }
    }

    @Test
    void greetingNamesTheHostTheplatformChose() {
        try (SmtpConversation smtp = SmtpConversation.mx(spool)) {
            assertEquals(List.of("220 mx.example.test ESMTP Maildock"), smtp.replies());
        }
    }

    @Test
    void ehloWithoutTlsOffersNeitherStartTlsNorAuth() {
        try (SmtpConversation smtp = SmtpConversation.mx(spool)) {
            smtp.read();
            smtp.serverWrites = 0;
            smtp.send("EHLO client.test\r\n");
            // One reply, one write, one flush: a multi-line reply stays whole (Nagle, docs/architecture.md section 2).
            assertEquals(1, smtp.serverWrites);
            assertEquals(List.of(
                    "250-mx.example.test Hello [127.0.0.1]",
                    "250-PIPELINING",
                    "250-SIZE 26214400",
                    "250-8BITMIME",
                    "250-ENHANCEDSTATUSCODES",
                    "250 HELP"), smtp.replies());
        }
    }

    @Test
    void quitSays221AndCloses() {
        try (SmtpConversation smtp = SmtpConversation.mx(spool)) {
            smtp.read();
            assertEquals("221 2.0.0 mx.example.test closing connection\r\n", smtp.command("QUIT"));
            assertFalse(smtp.open());
        }
    }

    @Test
    void refusedClientGets421AndIsClosed() {
        InMemoryPlatform platform = new InMemoryPlatform();
        platform.connectVerdict = ConnectVerdict.tryLater("mx.example.test", "busy");
        try (SmtpConversation smtp = new SmtpConversation(ListenerMode.MX, SmtpConversation.settings(spool), null, platform)) {
            assertTrue(smtp.read().startsWith("421 4.3.2 mx.example.test"));
            assertFalse(smtp.open());
        }
    }

    @Test
    void connectionsPastTheLimitGet421BeforeThePlatformIsAsked() {
        ConnectionLimits limits = new ConnectionLimits(1000, 2);
        SmtpConversation first = new SmtpConversation(ListenerMode.MX, SmtpConversation.settings(spool), null,
                new InMemoryPlatform(), limits);
        SmtpConversation second = new SmtpConversation(ListenerMode.MX, SmtpConversation.settings(spool), null,
                new InMemoryPlatform(), limits);
        InMemoryPlatform platform = new InMemoryPlatform();
        try (SmtpConversation third = new SmtpConversation(ListenerMode.MX, SmtpConversation.settings(spool), null,
                platform, limits)) {
            assertTrue(third.read().startsWith("421 4.7.0"));
            assertFalse(third.open());
            assertTrue(platform.calls.isEmpty());
        }
        assertTrue(first.read().startsWith("220"));
        first.command("QUIT");
        first.close();
        try (SmtpConversation fourth = new SmtpConversation(ListenerMode.MX, SmtpConversation.settings(spool), null,
                new InMemoryPlatform(), limits)) {
            assertTrue(fourth.read().startsWith("220"), "a closed connection frees its slot");
        }
        second.close();
        assertEquals(0, limits.open());
    }

    @Test
    void submissionWithoutAuthRefusesMail() {
        try (SmtpConversation smtp = new SmtpConversation(ListenerMode.SUBMISSION, SmtpConversation.settings(spool),
                null, new InMemoryPlatform())) {
            smtp.read();
            smtp.command("EHLO c.test");
            assertTrue(smtp.command("MAIL FROM:<alice@example.test>").startsWith("530 5.7.0"));
        }
    }

    @Test
    void twentyErrorsEndTheSession() {
        try (SmtpConversation smtp = SmtpConversation.mx(spool)) {
            smtp.read();
            for (int i = 1; i < 20; i++) {
                assertTrue(smtp.command("BOGUS").startsWith("500 5.5.2"));
                assertTrue(smtp.open());
            }
            smtp.send("BOGUS\r\n");
            List<String> last = smtp.replies();
            assertEquals(2, last.size(), last::toString);
            assertTrue(last.get(0).startsWith("500 5.5.2"));
            assertTrue(last.get(1).startsWith("421 4.7.0"));
            assertFalse(smtp.open());
        }
    }
}
