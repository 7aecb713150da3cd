package dev.maildock.e2e;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * #22: a server killed while a POP3 session holds a maildrop lock frees that lock itself when it
 * starts again, instead of answering its owner {@code -ERR [IN-USE]} until the 2-minute lease runs
 * out (the lock records the node and run that took it).
 */
class Pop3CrashIT {

    @Test
    void aLockHeldAtASigkillIsFreeRightAfterTheRestart() throws Exception {
        String user = Mail.newAccount("pop-crash");
        Mail.deliver(user, Mail.message(user, "kept across a crash", "body"));
        Pop3Client holder = Pop3Client.login(user, Mail.PASSWORD);
        try {
            Server.kill();
        } finally {
            holder.close();
        }
        Server.control("start");
        Server.awaitReady(Duration.ofSeconds(120));

        // Well inside the lease: before #22 this was -ERR [IN-USE] for two minutes.
        try (Pop3Client again = firstGreeting()) {
            again.ok("USER " + user);
            assertEquals("+OK maildrop has 1 messages", again.command("PASS " + Mail.PASSWORD)
                    .replaceFirst(" \\(.*", ""));
            again.quit();
        }
    }

    /** The POP3 listener opens with its own endpoint activation, maybe just after SMTP's. */
    private static Pop3Client firstGreeting() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                Pop3Client c = Pop3Client.plain();
                assertTrue(c.greeting.startsWith("+OK"), c.greeting);
                return c;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }
}
