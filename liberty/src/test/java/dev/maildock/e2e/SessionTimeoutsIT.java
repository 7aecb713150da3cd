package dev.maildock.e2e;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.Base64;

import static dev.maildock.e2e.SmtpSocket.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the server does with clients that go quiet or guess passwords, against the running server:
 * SMTP idle timeout (421 4.4.2), POP3 autologout (RFC 1939 section 3: close, delete nothing), and
 * the delayed disconnect after three failed logins on both protocols. The e2e server runs with a
 * {@link Server#IDLE_TIMEOUT}-second idle timeout; each client binds its own loopback address so
 * the per-address lockout it builds up touches no other test.
 */
class SessionTimeoutsIT {

    @Test
    void quietSessionsAreClosedSmtpWith421AndPop3WithoutDeletingAnything() throws Exception {
        String user = Mail.newAccount("idle");
        Mail.deliver(user, Mail.message(user, "kept after autologout", "body"));
        long started = System.nanoTime();
        try (SmtpSocket smtp = SmtpSocket.plain(Server.SMTP_PORT);
             Pop3Client pop3 = Pop3Client.login(user, Mail.PASSWORD)) {
            expect("250", smtp.command("EHLO idle.example"));
            assertTrue(pop3.ok("DELE 1").startsWith("+OK"));
            // Both sessions now say nothing; both timeouts run at the same time.
            int patience = Server.IDLE_TIMEOUT + 30;
            expect("421 4.4.2 " + Server.HOSTNAME + " ", smtp.awaitReply(patience));
            assertTrue(smtp.closedByServer(), "the SMTP connection is closed after the 421");
            assertNull(pop3.awaitLineOrNull(patience), "RFC 1939: the autologout closes without a response");
        }
        double waited = (System.nanoTime() - started) / 1e9;
        assertTrue(waited >= Server.IDLE_TIMEOUT - 1, "closed only after the idle timeout, not at once: " + waited + " s");
        assertEquals(1, Pop3Client.messages(user, Mail.PASSWORD).size(), "a session ended by autologout deletes nothing");
    }

    @Test
    void threeFailedSmtpAuthsAreAnsweredThenTheSessionIsClosedAfterADelay() throws Exception {
        String user = Mail.newAccount("smtp-guess");
        try (SmtpSocket smtp = SmtpSocket.implicitTlsFrom(InetAddress.getByName("127.0.0.61"), Server.SMTPS_PORT)) {
            expect("250", smtp.command("EHLO guesser.example"));
            for (int attempt = 1; attempt <= 3; attempt++) {
                String wrong = Base64.getEncoder().encodeToString(("\0" + user + "\0wrong-" + attempt).getBytes());
                expect("535 5.7.8 ", smtp.command("AUTH PLAIN " + wrong));
            }
            long before = System.nanoTime();
            expect("421 4.7.0 " + Server.HOSTNAME + " ", smtp.awaitReply(30));
            assertTrue((System.nanoTime() - before) / 1e6 >= 1000, "the disconnect is delayed to slow guessing");
            assertTrue(smtp.closedByServer());
        }
    }

    @Test
    void threeFailedPop3LoginsCloseTheConnection() throws Exception {
        String user = Mail.newAccount("pop-guess");
        try (Pop3Client pop3 = Pop3Client.plainFrom(InetAddress.getByName("127.0.0.62"))) {
            // Not this host's own address: no password before TLS (maildock.auth.plaintext=local).
            pop3.ok("STLS");
            pop3.startTls();
            for (int attempt = 1; attempt <= 2; attempt++) {
                pop3.ok("USER " + user);
                assertTrue(pop3.command("PASS wrong-" + attempt).startsWith("-ERR [AUTH] "), "attempt " + attempt);
            }
            pop3.ok("USER " + user);
            assertTrue(pop3.command("PASS wrong-3").startsWith("-ERR [AUTH] authentication failed, too many attempts"));
            assertNull(pop3.awaitLineOrNull(30), "closed after the third failure");
        }
    }
}
