package dev.maildock.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static dev.maildock.e2e.SmtpSocket.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Named security regressions against the running server over raw sockets (docs/architecture.md section 9):
 * SMTP smuggling, STARTTLS command injection, relay, enumeration, AUTH without TLS, limits.
 */
class SmtpSecurityIT {

    private static final String REMOTE_SENDER = "sender@remote.example";

    /** The "end of data" forms a lenient server might accept (CVE-2023-51764 class); only CRLF.CRLF ends DATA. */
    enum Smuggling {
        LF_DOT_LF("\n.\n"),
        CRLF_DOT_LF("\r\n.\n"),
        LF_DOT_CRLF("\n.\r\n"),
        CR_DOT_CR("\r.\r"),
        CRLF_DOT_CR("\r\n.\r");

        final String fakeEnd;

        Smuggling(String fakeEnd) {
            this.fakeEnd = fakeEnd;
        }
    }

    private static SmtpSocket mx() throws IOException {
        SmtpSocket smtp = SmtpSocket.plain(Server.SMTP_PORT);
        expect("220 ", smtp.greeting);
        expect("250", smtp.command("EHLO client.e2e.test"));
        return smtp;
    }

    @ParameterizedTest(name = "smuggling {0}")
    @EnumSource(Smuggling.class)
    void smugglingIsRefusedNothingSmuggledIsDeliveredAndTheSessionGoesOn(Smuggling variant) throws Exception {
        String victim = Accounts.create("smuggle-" + variant.name().toLowerCase());
        try (SmtpSocket smtp = mx()) {
            expect("250 ", smtp.command("MAIL FROM:<" + REMOTE_SENDER + ">"));
            expect("250 ", smtp.command("RCPT TO:<" + victim + ">"));
            expect("354 ", smtp.command("DATA"));
            smtp.write("From: <" + REMOTE_SENDER + ">\r\nSubject: outer\r\n\r\nouter body" + variant.fakeEnd
                    + "MAIL FROM:<admin@e2e.test>\r\n"
                    + "RCPT TO:<" + victim + ">\r\n"
                    + "DATA\r\n"
                    + "From: <admin@e2e.test>\r\nSubject: smuggled\r\n\r\nsmuggled body\r\n"
                    + ".\r\n");
            // One reply for the whole thing: the message is refused, no smuggled command was run.
            expect("550 5.6.0 ", smtp.reply());
            assertEquals("250 2.0.0 OK", smtp.command("NOOP"), "the next reply is NOOP's: nothing smuggled was answered");
            String clean = smtp.send(REMOTE_SENDER, "Subject: clean\r\n\r\nclean body\r\n", victim);
            expect("250 2.0.0 ", clean);
            expect("221 ", smtp.command("QUIT"));
        }
        List<byte[]> messages = Pop3Client.messages(victim, Accounts.PASSWORD);
        assertEquals(1, messages.size(), "only the clean message is in the maildrop");
        String stored = new String(messages.get(0), StandardCharsets.ISO_8859_1);
        assertTrue(stored.contains("Subject: clean\r\n"), stored);
        assertFalse(stored.contains("smuggled") || stored.contains("outer"), stored);
    }

    @Test
    void startTlsInjectionOnPort25CommandsPipelinedAfterStartTlsAreDiscarded() throws Exception {
        String rcpt = Accounts.create("inject-25");
        try (SmtpSocket smtp = mx()) {
            smtp.write("STARTTLS\r\nMAIL FROM:<" + REMOTE_SENDER + ">\r\nRCPT TO:<" + rcpt + ">\r\n");
            expect("220 2.0.0 ", smtp.reply());
            Thread.sleep(300);
            assertEquals(0, smtp.buffered(), "no plain-text reply to the injected commands");
            smtp.startTls();
            String ehlo = expect("250", smtp.command("EHLO client.e2e.test"));
            assertFalse(ehlo.contains("STARTTLS"), "no STARTTLS offered over TLS: " + ehlo);
            // The injected MAIL was not executed: the transaction is empty.
            expect("503 5.5.1 ", smtp.command("RCPT TO:<" + rcpt + ">"));
            expect("503 5.5.1 ", smtp.command("STARTTLS"));
        }
        try (Pop3Client pop = Pop3Client.login(rcpt, Accounts.PASSWORD)) {
            assertEquals(0, pop.count());
        }
    }

    @Test
    void startTlsInjectionOnPort587AnInjectedAuthDoesNotAuthenticate() throws Exception {
        String user = Accounts.create("inject-587");
        try (SmtpSocket smtp = SmtpSocket.plain(Server.SUBMISSION_PORT)) {
            expect("250", smtp.command("EHLO client.e2e.test"));
            smtp.write("STARTTLS\r\nAUTH PLAIN " + SmtpSocket.plain(user, Accounts.PASSWORD) + "\r\n");
            expect("220 2.0.0 ", smtp.reply());
            Thread.sleep(300);
            assertEquals(0, smtp.buffered(), "no plain-text reply to the injected AUTH");
            smtp.startTls();
            expect("250", smtp.command("EHLO client.e2e.test"));
            expect("530 5.7.0 ", smtp.command("MAIL FROM:<" + user + ">"));
        }
    }

    @Test
    void relayOnPort25IsDenied() throws Exception {
        try (SmtpSocket smtp = mx()) {
            expect("250 ", smtp.command("MAIL FROM:<" + REMOTE_SENDER + ">"));
            expect("550 5.7.1 ", smtp.command("RCPT TO:<victim@elsewhere.example>"));
            // A source route through a local domain is ignored, not followed (RFC 5321 App. C).
            expect("550 5.7.1 ", smtp.command("RCPT TO:<@" + Server.LOCAL_DOMAIN + ":victim@elsewhere.example>"));
            // The "percent hack" is a local part like any other: an unknown local user.
            expect("550 5.1.1 ", smtp.command("RCPT TO:<victim%elsewhere.example@" + Server.LOCAL_DOMAIN + ">"));
            expect("550 5.7.1 ", smtp.command("RCPT TO:<postmaster@elsewhere.example>"));
            // RFC 2920 section 3.1: DATA after every RCPT failed.
            expect("554 5.5.1 ", smtp.command("DATA"));
        }
    }

    @Test
    void relayOnPort587WithoutAuthIsRefused() throws Exception {
        try (SmtpSocket smtp = SmtpSocket.plain(Server.SUBMISSION_PORT)) {
            expect("250", smtp.command("EHLO client.e2e.test"));
            expect("530 5.7.0 ", smtp.command("MAIL FROM:<" + REMOTE_SENDER + ">"));
            expect("220 ", smtp.command("STARTTLS"));
            smtp.startTls();
            expect("250", smtp.command("EHLO client.e2e.test"));
            expect("530 5.7.0 ", smtp.command("MAIL FROM:<" + REMOTE_SENDER + ">"));
            expect("503 5.5.1 ", smtp.command("RCPT TO:<victim@elsewhere.example>"));
        }
    }

    /**
     * VRFY confirms no one (252 for everyone, same text); EXPN is not implemented. RCPT to an
     * unknown local user answers 550 5.1.1 as issue 3 and RFC 5321 require: an MX that accepted
     * unknown users would have to bounce later (backscatter), so RCPT does tell existence.
     */
    @Test
    void vrfyAndExpnDoNotEnumerateUsers() throws Exception {
        String existing = Accounts.create("vrfy");
        try (SmtpSocket smtp = mx()) {
            String known = smtp.command("VRFY " + existing);
            String unknown = smtp.command("VRFY nobody-" + System.nanoTime() + "@" + Server.LOCAL_DOMAIN);
            String bare = smtp.command("VRFY " + existing.substring(0, existing.indexOf('@')));
            expect("252 2.5.0 ", known);
            assertEquals(known, unknown, "same answer for an existing and a non-existing user");
            assertEquals(known, bare);
            expect("502 5.5.1 ", smtp.command("EXPN " + existing));
            expect("250 ", smtp.command("MAIL FROM:<" + REMOTE_SENDER + ">"));
            expect("250 2.1.5 ", smtp.command("RCPT TO:<" + existing + ">"));
            expect("550 5.1.1 ", smtp.command("RCPT TO:<nobody-" + System.nanoTime() + "@" + Server.LOCAL_DOMAIN + ">"));
        }
    }

    @Test
    void authBeforeTlsIsRefusedAndNotOffered() throws Exception {
        String user = Accounts.create("auth-plain-text");
        for (int port : new int[] {Server.SUBMISSION_PORT, Server.SMTP_PORT}) {
            try (SmtpSocket smtp = SmtpSocket.plain(port)) {
                String ehlo = expect("250", smtp.command("EHLO client.e2e.test"));
                assertFalse(ehlo.contains("AUTH"), "no AUTH offered before TLS on " + port + ": " + ehlo);
                expect("538 5.7.11 ", smtp.command("AUTH PLAIN " + SmtpSocket.plain(user, Accounts.PASSWORD)));
                expect("538 5.7.11 ", smtp.command("AUTH LOGIN"));
                // Still not authenticated.
                if (port == Server.SUBMISSION_PORT) {
                    expect("530 5.7.0 ", smtp.command("MAIL FROM:<" + user + ">"));
                }
            }
        }
    }

    @Test
    void aDeclaredSizeOverTheLimitIsRefusedAtMail() throws Exception {
        try (SmtpSocket smtp = SmtpSocket.plain(Server.SMTP_PORT)) {
            String ehlo = smtp.command("EHLO client.e2e.test");
            assertTrue(ehlo.contains("\n250-SIZE 26214400\n") || ehlo.endsWith("\n250 SIZE 26214400"), ehlo);
            expect("552 5.3.4 ", smtp.command("MAIL FROM:<" + REMOTE_SENDER + "> SIZE=26214401"));
            expect("552 5.3.4 ", smtp.command("MAIL FROM:<" + REMOTE_SENDER + "> SIZE=99999999999999999999999"));
            expect("250 ", smtp.command("MAIL FROM:<" + REMOTE_SENDER + "> SIZE=26214400"));
        }
    }

    @Test
    @Timeout(120)
    void anActualMessageOverTheLimitIsRefusedAfterDataAndTheSessionGoesOn() throws Exception {
        String rcpt = Accounts.create("oversize");
        try (SmtpSocket smtp = mx()) {
            expect("250 ", smtp.command("MAIL FROM:<" + REMOTE_SENDER + ">"));
            expect("250 ", smtp.command("RCPT TO:<" + rcpt + ">"));
            expect("354 ", smtp.command("DATA"));
            smtp.write("Subject: too big\r\n\r\n");
            byte[] chunk = new byte[1000 * 1024];
            for (int i = 0; i < chunk.length; i += 1000) {
                Arrays.fill(chunk, i, i + 998, (byte) 'x');
                chunk[i + 998] = '\r';
                chunk[i + 999] = '\n';
            }
            long sent = 0;
            while (sent <= 26L * 1024 * 1024) {
                smtp.write(chunk);
                sent += chunk.length;
            }
            smtp.write(".\r\n");
            expect("552 5.3.4 ", smtp.reply());
            assertEquals("250 2.0.0 OK", smtp.command("NOOP"));
            expect("250 2.0.0 ", smtp.send(REMOTE_SENDER, "Subject: small\r\n\r\nfits\r\n", rcpt));
        }
        List<byte[]> messages = Pop3Client.messages(rcpt, Accounts.PASSWORD);
        assertEquals(1, messages.size());
        assertTrue(new String(messages.get(0), StandardCharsets.US_ASCII).contains("Subject: small\r\n"));
    }

    @Test
    void aTwoThousandOctetCommandLineIsRefusedAndTheSessionGoesOn() throws Exception {
        try (SmtpSocket smtp = mx()) {
            expect("500 5.5.2 ", smtp.command("MAIL FROM:<" + "a".repeat(1970) + "@remote.example>"));
            assertEquals("250 2.0.0 OK", smtp.command("NOOP"));
            expect("250 ", smtp.command("MAIL FROM:<" + REMOTE_SENDER + ">"));
        }
    }

    @Test
    void aHundredKilobyteJunkLineIsRefusedAndTheSessionGoesOn() throws Exception {
        byte[] junk = new byte[100 * 1024];
        for (int i = 0; i < junk.length; i++) {
            junk[i] = (byte) ('!' + i % 90);
        }
        try (SmtpSocket smtp = mx()) {
            smtp.write(junk);
            smtp.write("\r\n");
            expect("500 5.5.2 ", smtp.reply());
            assertEquals("250 2.0.0 OK", smtp.command("NOOP"), "exactly one error reply for the junk line");
        }
    }

    @Test
    void of150RecipientsTheFirst100AreAcceptedAndTheRestGet452() throws Exception {
        String rcpt = Accounts.create("many-rcpt");
        try (SmtpSocket smtp = mx()) {
            expect("250 ", smtp.command("MAIL FROM:<" + REMOTE_SENDER + ">"));
            StringBuilder pipelined = new StringBuilder();
            for (int i = 0; i < 150; i++) {
                pipelined.append("RCPT TO:<").append(rcpt).append(">\r\n");
            }
            smtp.write(pipelined.toString());
            for (int i = 0; i < 150; i++) {
                expect(i < 100 ? "250 2.1.5 " : "452 4.5.3 ", smtp.reply());
            }
            expect("354 ", smtp.command("DATA"));
            smtp.write("Subject: many\r\n\r\nbody\r\n.\r\n");
            expect("250 2.0.0 ", smtp.reply());
        }
        try (Pop3Client pop = Pop3Client.login(rcpt, Accounts.PASSWORD)) {
            assertEquals(1, pop.count(), "one mailbox entry however often the account was named");
        }
    }

    @Test
    void anAuthenticatedUserCannotSendAsSomeoneElse() throws Exception {
        String user = Accounts.create("owner");
        String other = Accounts.create("other");
        try (SmtpSocket smtp = SmtpSocket.plain(Server.SUBMISSION_PORT)) {
            smtp.submissionLogin(user, Accounts.PASSWORD);
            expect("553 5.7.1 ", smtp.command("MAIL FROM:<" + other + ">"));
            expect("553 5.7.1 ", smtp.command("MAIL FROM:<ceo@" + Server.LOCAL_DOMAIN + ">"));
            expect("553 5.7.1 ", smtp.command("MAIL FROM:<ceo@bank.example>"));
            expect("250 ", smtp.command("MAIL FROM:<" + user + ">"));
        }
        try (SmtpSocket smtp = SmtpSocket.implicitTls(Server.SMTPS_PORT)) {
            smtp.submissionLogin(user, Accounts.PASSWORD);
            expect("553 5.7.1 ", smtp.command("MAIL FROM:<" + other + ">"));
        }
    }

    @Test
    void aMessageWithMoreThan50ReceivedHeadersIsRefusedAsALoop() throws Exception {
        String rcpt = Accounts.create("loop");
        StringBuilder looping = new StringBuilder();
        for (int i = 0; i < 51; i++) {
            looping.append("Received: from hop").append(i).append(".example by hop").append(i + 1)
                    .append(".example; Sun, 22 Nov 2026 05:00:00 +0000\r\n");
        }
        try (SmtpSocket smtp = mx()) {
            expect("554 5.4.6 ", smtp.send(REMOTE_SENDER, looping + "Subject: loop\r\n\r\nround and round\r\n", rcpt));
            assertEquals("250 2.0.0 OK", smtp.command("NOOP"));
        }
        try (Pop3Client pop = Pop3Client.login(rcpt, Accounts.PASSWORD)) {
            assertEquals(0, pop.count());
        }
    }

    @Test
    void twentyErrorsEndTheSessionWith421() throws Exception {
        try (SmtpSocket smtp = mx()) {
            smtp.write("XYZZY\r\n".repeat(25));
            for (int i = 0; i < 20; i++) {
                expect("500 5.5.2 ", smtp.reply());
            }
            expect("421 4.7.0 ", smtp.reply());
            assertTrue(smtp.closedByServer(), "the server closes the connection after 421");
        }
    }

    @Test
    void aTextLineOver1000OctetsIsRefusedAfterTheDataAndTheSessionGoesOn() throws Exception {
        String rcpt = Accounts.create("long-line");
        try (SmtpSocket smtp = mx()) {
            // 1,001 octets with CRLF: one over the RFC 5321 section 4.5.3.1.6 limit.
            expect("550 5.6.0 ", smtp.send(REMOTE_SENDER, "Subject: long\r\n\r\n" + "y".repeat(999) + "\r\n", rcpt));
            expect("250 2.0.0 ", smtp.send(REMOTE_SENDER, "Subject: fits\r\n\r\n" + "y".repeat(998) + "\r\n", rcpt));
        }
        List<byte[]> messages = Pop3Client.messages(rcpt, Accounts.PASSWORD);
        assertEquals(1, messages.size());
        assertTrue(new String(messages.get(0), StandardCharsets.US_ASCII).contains("Subject: fits\r\n"));
    }

    /** RFC 5322 section 2.1: no NUL in a message; it used to be stored and served unchanged. */
    @Test
    void aNulOctetInDataIsRefusedAfterTheDataAndTheSessionGoesOn() throws Exception {
        String rcpt = Accounts.create("nul");
        try (SmtpSocket smtp = mx()) {
            expect("550 5.6.0 ", smtp.send(REMOTE_SENDER, "Subject: nul\r\n\r\nbefore\0after\r\n", rcpt));
            expect("250 2.0.0 ", smtp.send(REMOTE_SENDER, "Subject: clean\r\n\r\nno nul\r\n", rcpt));
        }
        List<byte[]> messages = Pop3Client.messages(rcpt, Accounts.PASSWORD);
        assertEquals(1, messages.size(), "only the clean message is stored");
        assertTrue(new String(messages.get(0), StandardCharsets.US_ASCII).contains("Subject: clean\r\n"));
    }
}
