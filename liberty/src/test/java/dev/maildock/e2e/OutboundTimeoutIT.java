package dev.maildock.e2e;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A remote MX that accepts the connection and then stays silent ends the attempt after the
 * configured timeout (maildock.outbound.timeout.*, set short here while the server runs); the
 * recipient waits for a retry with the timeout as its last reply, and mail to other destinations
 * keeps flowing in the meantime.
 */
class OutboundTimeoutIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Long enough for another delivery to finish meanwhile, even on a loaded machine. */
    private static final String GREETING_TIMEOUT = "10s";
    private static final String DATA_END_TIMEOUT = "3s";

    private static VariableOverride timeouts;

    @BeforeAll
    static void shortTimeouts() throws Exception {
        TestDns.start();
        timeouts = VariableOverride.set("e2e-outbound-timeouts", Map.of(
                "maildock.outbound.timeout.greeting", GREETING_TIMEOUT,
                "maildock.outbound.timeout.dataEnd", DATA_END_TIMEOUT));
    }

    @AfterAll
    static void defaultTimeouts() throws Exception {
        if (timeouts != null) {
            timeouts.close();
        }
    }

    @Test
    void aPeerThatNeverGreetsHoldsOneWorkerOnlyUntilTheTimeout() throws Exception {
        String sender = Accounts.create("out-hang");
        String hangDomain = Outbound.domain("nogreeting");
        String okDomain = Outbound.domain("flowing");
        String stuck = "stuck@" + hangDomain;
        try (HangingPeer peer = HangingPeer.start(Outbound.mxOn(hangDomain, Outbound.nextHost()), HangingPeer.Stall.GREETING);
             Sink sink = Sink.start(Outbound.mxOn(okDomain, Outbound.nextHost()))) {
            Outbound.submit(sender, sender, Outbound.message(sender, stuck, "never-greeted"), stuck);
            assertTrue(HangingPeer.await(() -> !peer.connections().isEmpty(), WAIT), "Maildock connected to the silent MX");
            HangingPeer.Connection first = peer.connections().get(0);

            // While that worker waits for a greeting, other mail goes out.
            String other = "reader@" + okDomain;
            Outbound.submit(sender, sender, Outbound.message(sender, other, "meanwhile"), other);
            assertEquals(1, sink.await(1, WAIT).size(), "mail to another destination was delivered");
            assertFalse(first.closedByClient, "delivered while the silent MX still held its worker");

            assertTrue(HangingPeer.await(() -> first.closedByClient, Duration.ofSeconds(60)),
                    "the client gave the silent MX up after maildock.outbound.timeout.greeting");
            JsonObject r = awaitLastReply(stuck);
            assertEquals("QUEUED", r.getString("status"), r.toString());
            assertTrue(r.getString("lastReply").contains("timeout") && r.getString("lastReply").contains("greeting")
                    && r.getString("lastReply").contains(GREETING_TIMEOUT), r.toString());
            assertTrue(r.containsKey("nextAttempt") && !r.isNull("nextAttempt"), "a retry time: " + r);
            assertTrue(r.getInt("attempts") >= 1, r.toString());
        } finally {
            deleteEntriesFor(stuck);
        }
    }

    @Test
    void aPeerThatNeverAnswersTheFinalDotIsGivenUpAndRetriedLater() throws Exception {
        String sender = Accounts.create("out-stall");
        String domain = Outbound.domain("stalldata");
        String to = "stalled@" + domain;
        try (HangingPeer peer = HangingPeer.start(Outbound.mxOn(domain, Outbound.nextHost()), HangingPeer.Stall.AFTER_DATA)) {
            Outbound.submit(sender, sender, Outbound.message(sender, to, "stalled-after-data"), to);
            assertTrue(HangingPeer.await(() -> !peer.connections().isEmpty() && peer.connections().get(0).dataReceived, WAIT),
                    "the data reached the MX");
            HangingPeer.Connection first = peer.connections().get(0);
            assertTrue(HangingPeer.await(() -> first.closedByClient, Duration.ofSeconds(60)),
                    "the client gave up after maildock.outbound.timeout.dataEnd");
            JsonObject r = awaitLastReply(to);
            assertEquals("QUEUED", r.getString("status"), "not delivered, not failed: " + r);
            assertTrue(r.getString("lastReply").contains("timeout") && r.getString("lastReply").contains("end of the data")
                    && r.getString("lastReply").contains(DATA_END_TIMEOUT), r.toString());
            assertTrue(r.containsKey("nextAttempt") && !r.isNull("nextAttempt"), "a retry time: " + r);
        } finally {
            deleteEntriesFor(to);
        }
    }

    /** The recipient's queue view once its first attempt is recorded. */
    private static JsonObject awaitLastReply(String address) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            List<JsonObject> entries = Outbound.queueEntriesFor(address);
            for (JsonObject e : entries) {
                for (JsonObject r : e.getJsonArray("recipients").getValuesAs(JsonObject.class)) {
                    if (r.getString("address").equals(address) && r.containsKey("lastReply") && !r.isNull("lastReply")) {
                        return r;
                    }
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no attempt recorded for " + address + ": " + entries);
            }
            Thread.sleep(200);
        }
    }

    private static void deleteEntriesFor(String address) {
        for (JsonObject e : Outbound.queueEntriesFor(address)) {
            Server.admin("DELETE", "/queue/" + e.getJsonNumber("id").longValue(), null);
        }
    }
}
