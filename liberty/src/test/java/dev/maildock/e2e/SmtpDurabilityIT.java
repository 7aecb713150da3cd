package dev.maildock.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 3's durability test: 10 connections send while the server's JVM is SIGKILLed; after a
 * restart, every message that got 250 after DATA is in its mailbox, complete. Messages whose
 * DATA got no reply may or may not be there.
 */
class SmtpDurabilityIT {

    private static final int CONNECTIONS = 10;
    private static final int KILL_AFTER_ACKS = 100;
    private static final int MAX_PER_CONNECTION = 2_000;
    private static final String TRAILER = "-- end of durability message --\r\n";
    private static final Pattern MESSAGE_ID = Pattern.compile("\r\nMessage-ID: <([^>]+)>\r\n");

    @Test
    @Timeout(300)
    void everyMessageThatGot250SurvivesASigkill() throws Exception {
        String run = "dur" + System.currentTimeMillis();
        List<String> accounts = new ArrayList<>();
        for (int c = 0; c < CONNECTIONS; c++) {
            accounts.add(Accounts.create("durable-" + c));
        }
        Set<String> acked = ConcurrentHashMap.newKeySet();
        Set<String> unanswered = ConcurrentHashMap.newKeySet();
        AtomicInteger refused = new AtomicInteger();
        CountDownLatch enoughAcks = new CountDownLatch(KILL_AFTER_ACKS);
        CountDownLatch finished = new CountDownLatch(CONNECTIONS);
        List<Throwable> unexpected = new ArrayList<>();

        for (int c = 0; c < CONNECTIONS; c++) {
            String rcpt = accounts.get(c);
            int connection = c;
            Thread t = new Thread(() -> {
                try (SmtpSocket smtp = SmtpSocket.plain(Server.SMTP_PORT)) {
                    SmtpSocket.expect("250", smtp.command("EHLO durability.e2e.test"));
                    for (int i = 0; i < MAX_PER_CONNECTION; i++) {
                        String id = run + "." + connection + "." + i + "@durability.e2e.test";
                        SmtpSocket.expect("250", smtp.command("MAIL FROM:<load@remote.example>"));
                        SmtpSocket.expect("250", smtp.command("RCPT TO:<" + rcpt + ">"));
                        SmtpSocket.expect("354", smtp.command("DATA"));
                        unanswered.add(id);
                        smtp.write(message(id, rcpt) + ".\r\n");
                        String reply = smtp.reply();
                        unanswered.remove(id);
                        if (reply.startsWith("250 ")) {
                            acked.add(id);
                            enoughAcks.countDown();
                        } else {
                            refused.incrementAndGet();
                        }
                    }
                } catch (IOException expectedWhenKilled) {
                    // The server went away: this connection is over.
                } catch (Throwable e) {
                    synchronized (unexpected) {
                        unexpected.add(e);
                    }
                } finally {
                    finished.countDown();
                }
            }, "durability-" + c);
            t.setDaemon(true);
            t.start();
        }

        assertTrue(enoughAcks.await(120, TimeUnit.SECONDS), "no " + KILL_AFTER_ACKS + " acknowledgements in 120 s");
        long pid = Server.kill();
        int ackedAtKill = acked.size();
        assertTrue(finished.await(60, TimeUnit.SECONDS), "the connections did not end after the kill");
        synchronized (unexpected) {
            assertTrue(unexpected.isEmpty(), "unexpected failures before the kill: " + unexpected);
        }

        long startedAt = System.nanoTime();
        Server.control("start");
        Server.awaitReady(Duration.ofSeconds(120));
        long restartMillis = Duration.ofNanos(System.nanoTime() - startedAt).toMillis();

        Set<String> stored = new HashSet<>();
        int storedCount = 0;
        for (String account : accounts) {
            for (byte[] message : Pop3Client.messages(account, Accounts.PASSWORD)) {
                String text = new String(message, StandardCharsets.US_ASCII);
                Matcher m = MESSAGE_ID.matcher(text);
                assertTrue(m.find(), "a stored message without its Message-ID: " + text);
                assertTrue(text.endsWith(TRAILER), "a stored message is incomplete: " + m.group(1));
                assertTrue(stored.add(m.group(1)), "stored twice: " + m.group(1));
                storedCount++;
            }
        }
        Set<String> lost = new TreeSet<>(acked);
        lost.removeAll(stored);
        Set<String> unansweredStored = new TreeSet<>(unanswered);
        unansweredStored.retainAll(stored);
        Set<String> storedNeverSent = new TreeSet<>(stored);
        storedNeverSent.removeAll(acked);
        storedNeverSent.removeAll(unanswered);
        System.out.printf("DURABILITY FIGURES: %d connections, server pid %d SIGKILLed after %d acknowledged messages;"
                        + " 250 received %d, refused %d, DATA without reply %d (of which stored %d);"
                        + " stored after restart %d; acknowledged but lost %d; restart to ready %d ms%n",
                CONNECTIONS, pid, ackedAtKill, acked.size(), refused.get(), unanswered.size(), unansweredStored.size(),
                storedCount, lost.size(), restartMillis);
        assertEquals(Set.of(), lost, "every message that got 250 is in its mailbox");
        assertEquals(Set.of(), storedNeverSent, "nothing is stored that was not sent");
        assertEquals(0, refused.get(), "no message was refused before the kill");
    }

    /** About 2 KiB with a unique Message-ID and subject and a trailer that shows it is complete. */
    private static String message(String id, String rcpt) {
        StringBuilder m = new StringBuilder()
                .append("From: <load@remote.example>\r\n")
                .append("To: <").append(rcpt).append(">\r\n")
                .append("Subject: durability ").append(id).append("\r\n")
                .append("Message-ID: <").append(id).append(">\r\n")
                .append("\r\n");
        for (int line = 0; line < 25; line++) {
            m.append("line ").append(line).append(" of ").append(id).append(" 0123456789abcdefghijklmnopqrstuvwxyz\r\n");
        }
        return m.append(TRAILER).toString();
    }
}
