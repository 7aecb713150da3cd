package dev.maildock.e2e;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * #22 items 7 and 8, against the running server. Each test plays its guesser from its own
 * loopback address (Linux routes all of 127/8 to lo), so the owner or the admin can come from
 * 127.0.0.1, an address that has not failed.
 */
class LockoutIT {

    /** The failures that lock one login name from one address (LoginPolicy.DEFAULT). */
    private static final int LOCK_AFTER = 10;

    @AutoClose
    private static final Browser browser = new Browser();

    /**
     * Item 7: wrong admin passwords (API Basic) used to be unlimited and unlogged. Now they go
     * through everyone's lockout: the burst is logged, the address is locked for the admin, the
     * admin from elsewhere is not, and the lock is listed and lifted over the API.
     */
    @Test
    void wrongAdminPasswordsLockTheirAddressAreLoggedAndCanBeLifted() throws Exception {
        InetAddress guesser = InetAddress.getByName("127.0.0.71");
        for (int i = 0; i < LOCK_AFTER; i++) {
            assertEquals(401, basicStatus(guesser, "admin", "guess-" + i));
        }
        assertEquals(401, basicStatus(guesser, "admin", Server.ADMIN_PASSWORD), "locked: the right password too");
        assertEquals(200, Server.admin("GET", "/domains", null).statusCode(), "the admin from 127.0.0.1 is not");

        String log = Files.readString(Server.serverDir().resolve("logs/messages.log"));
        assertTrue(log.contains("MAILDOCK0212W: 3 failed logins as admin from 127.0.0.71"), "the burst is logged");
        assertTrue(log.contains("MAILDOCK0210W: Logins as admin from 127.0.0.71 are locked"), "the lock is logged");

        assertTrue(lockListed("admin", "127.0.0.71"));
        assertEquals(204, Server.admin("DELETE", "/locks/accounts/admin", null).statusCode());
        assertFalse(lockListed("admin", "127.0.0.71"));
        assertEquals(200, basicStatus(guesser, "admin", Server.ADMIN_PASSWORD), "lifted");
        assertEquals(404, Server.admin("DELETE", "/locks/accounts/admin", null).statusCode(), "nothing left to lift");
    }

    /**
     * Item 7 as reported: a burst of wrong Basic guesses sent at once. Every one is a plain 401
     * (the concurrent first failures race to create the counters; the loser is retried, never a
     * 500), and afterwards the right password is refused from that address.
     */
    @Test
    void aParallelBurstOfAdminGuessesEndsInALock() throws Exception {
        InetAddress guesser = InetAddress.getByName("127.0.0.73");
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < 3 * LOCK_AFTER; i++) {
                String guess = "burst-" + i;
                statuses.add(pool.submit(() -> basicStatus(guesser, "admin", guess)));
            }
            for (Future<Integer> status : statuses) {
                assertEquals(401, status.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(401, basicStatus(guesser, "admin", Server.ADMIN_PASSWORD), "locked: the right password too");
        assertTrue(lockListed("admin", "127.0.0.73"));
        assertEquals(204, Server.admin("DELETE", "/locks/clients/127.0.0.73", null).statusCode());
        assertEquals(200, basicStatus(guesser, "admin", Server.ADMIN_PASSWORD), "lifted with the address");
    }

    /**
     * Item 8: five failures used to lock the account on every protocol, whoever sent them. Now
     * failures from 127.0.0.72 lock that account only from there: its owner from 127.0.0.1 logs in.
     * The failures are APOP attempts (allowed in clear), sent in parallel: each connection closes
     * after three failures, and each answer waits the growing delay.
     */
    @Test
    void failuresFromOneAddressDoNotLockTheOwnerOutFromAnother() throws Exception {
        String user = Mail.newAccount("lockout-owner");
        InetAddress guesser = InetAddress.getByName("127.0.0.72");
        ExecutorService pool = Executors.newFixedThreadPool(LOCK_AFTER);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < LOCK_AFTER; i++) {
                answers.add(pool.submit(() -> {
                    try (Pop3Client c = Pop3Client.plainFrom(guesser)) {
                        return c.command("APOP " + user + " 0123456789abcdef0123456789abcdef");
                    }
                }));
            }
            for (Future<String> answer : answers) {
                assertEquals("-ERR [AUTH] authentication failed", answer.get());
            }
        } finally {
            pool.shutdownNow();
        }
        try (Pop3Client c = Pop3Client.plainFrom(guesser)) {
            c.ok("STLS");
            c.startTls();
            c.ok("USER " + user);
            assertEquals("-ERR [AUTH] authentication failed", c.command("PASS " + Mail.PASSWORD),
                    "locked from the guesser's address, the same answer as a wrong password");
        }
        try (Pop3Client owner = Pop3Client.login(user, Mail.PASSWORD)) {
            owner.quit();
        }
        assertTrue(lockListed(user, "127.0.0.72"));

        // The admin page shows the lock and lifts it.
        browser.signIn("admin", Server.ADMIN_PASSWORD);
        browser.await("#locksTable");
        String row = "tr[data-lock-account='" + user + "'][data-lock-client='127.0.0.72']";
        assertTrue(browser.find(row).getText().contains(String.valueOf(LOCK_AFTER)), browser.find(row).getText());
        browser.screenshot("admin-locks");
        browser.click(browser.find(row).findElement(By.cssSelector("input[id$='liftLock']")));
        assertTrue(browser.await("#notice").getText().contains(user), browser.find("#notice").getText());
        assertFalse(browser.present(row), "gone from the page");
        assertFalse(lockListed(user, "127.0.0.72"));
        try (Pop3Client c = Pop3Client.plainFrom(guesser)) {
            c.ok("STLS");
            c.startTls();
            c.ok("USER " + user);
            c.ok("PASS " + Mail.PASSWORD);
            c.quit();
        }
    }

    private static boolean lockListed(String account, String client) {
        JsonArray locks = ApiJson.array(Server.admin("GET", "/locks", null).body());
        return locks.stream().map(JsonObject.class::cast).anyMatch(l -> account.equals(l.getString("account", null))
                && client.equals(l.getString("client")) && !l.getString("lockedUntil").isEmpty());
    }

    /** One admin API request with Basic credentials from a chosen local address (HttpClient cannot bind one). */
    private static int basicStatus(InetAddress from, String user, String password) throws IOException {
        try (Socket s = new Socket(InetAddress.getByName("127.0.0.1"), Server.HTTP_PORT, from, 0)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /api/admin/domains HTTP/1.1\r\nHost: 127.0.0.1:" + Server.HTTP_PORT
                    + "\r\nAuthorization: " + Server.basic(user, password) + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String status = Mail.readLine(in);
            return Integer.parseInt(status.split(" ")[1]);
        }
    }
}
