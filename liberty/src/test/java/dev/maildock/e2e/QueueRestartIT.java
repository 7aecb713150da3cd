package dev.maildock.e2e;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The queue survives a restart: messages waiting for an unreachable MX when the server stops are
 * all delivered, each once, when it is back and the MX answers.
 */
class QueueRestartIT {

    private static final int MESSAGES = 10;

    @BeforeAll
    static void dns() {
        TestDns.start();
    }

    @Test
    void aFullQueueIsDeliveredOnceAfterARestart() throws Exception {
        String sender = Accounts.create("out-restart");
        String domain = Outbound.domain("restart");
        String host = Outbound.mxOn(domain, Outbound.nextHost());
        String to = "leo@" + domain;
        for (int i = 0; i < MESSAGES; i++) {
            Outbound.submit(sender, sender, Outbound.message(sender, to, "restart-" + i), to);
        }
        // Every message has met the closed port at least once before the stop.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (Outbound.queueEntriesFor(to).stream().anyMatch(e -> e.getInt("attempts") < 1)) {
            assertTrue(System.nanoTime() < deadline, "first attempts did not happen");
            Thread.sleep(200);
        }
        assertEquals(MESSAGES, Outbound.queueEntriesFor(to).size());

        Server.control("stop");
        try (Sink sink = Sink.start(host)) {
            Server.control("start");
            Server.awaitReady(Duration.ofSeconds(120));
            List<Sink.Received> got = sink.await(MESSAGES, Duration.ofSeconds(60));
            Outbound.awaitQueueEmptyFor(to, Duration.ofSeconds(30));
            Thread.sleep(2000);
            got = sink.received();
            Set<String> ids = new HashSet<>();
            Pattern messageId = Pattern.compile("Message-ID: <([^>]+)>");
            for (Sink.Received r : got) {
                Matcher m = messageId.matcher(r.text());
                assertTrue(m.find(), r.text());
                ids.add(m.group(1));
            }
            assertEquals(MESSAGES, ids.size(), "every message arrived");
            assertEquals(MESSAGES, got.size(), "and each once");
        }
    }
}
