package dev.maildock.e2e;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * maildock.smarthost with AUTH over STARTTLS: set while the server runs (a configDropins override,
 * which the queue reads at its next pass), every remote recipient goes to the relay, whatever DNS
 * says; removed again afterwards.
 */
class SmarthostIT {

    @Test
    void everythingGoesThroughTheSmarthostWithAuthOverStartTls() throws Exception {
        String relay = Outbound.nextHost();
        String sender = Accounts.create("out-relay");
        // An Exchange-style DOMAIN\name and an all-digit password: server.xml must hand both over
        // as written (Liberty would read 01234567 as an octal number, "CORP\relay" as an escape).
        try (Sink sink = Sink.start(relay, "--tls", "--auth", "CORP\\relay:01234567");
             VariableOverride ignored = VariableOverride.set("smarthost-it", Map.of(
                     "maildock.smarthost", relay + ":" + Sink.PORT,
                     "maildock.smarthost.user", "CORP\\relay",
                     "maildock.smarthost.password", "01234567",
                     "maildock.smarthost.tls", "encrypt"))) {
            // A domain the tests' DNS server does not know: only the relay can take it.
            String to = "kim@not-in-dns-" + System.nanoTime() + ".example";
            Outbound.submit(sender, sender, Outbound.message(sender, to, "via-relay"), to);
            List<Sink.Received> got = sink.await(1, Duration.ofSeconds(30));
            assertEquals(1, got.size(), "relayed");
            JsonObject envelope = got.get(0).envelope();
            assertEquals("CORP\\relay", envelope.getString("auth_user"));
            assertTrue(envelope.getBoolean("tls"));
            assertEquals(List.of(to), ApiJson.strings(envelope.getJsonArray("rcpt_tos")));
            Outbound.awaitQueueEmptyFor(to, Duration.ofSeconds(30));
        }
    }

    @Test
    void aSmarthostThatRefusesTheLoginKeepsTheMailQueued() throws Exception {
        String relay = Outbound.nextHost();
        String sender = Accounts.create("out-relay-bad");
        try (Sink sink = Sink.start(relay, "--tls", "--auth", "relayuser:right");
             VariableOverride ignored = VariableOverride.set("smarthost-it", Map.of(
                     "maildock.smarthost", relay + ":" + Sink.PORT,
                     "maildock.smarthost.user", "relayuser",
                     "maildock.smarthost.password", "wrong"))) {
            String to = "lou@elsewhere-" + System.nanoTime() + ".example";
            Outbound.submit(sender, sender, Outbound.message(sender, to, "relay-refuses"), to);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            JsonObject recipient;
            do {
                Thread.sleep(200);
                recipient = Outbound.queueEntriesFor(to).get(0).getJsonArray("recipients").getJsonObject(0);
            } while (recipient.getInt("attempts") < 2 && System.nanoTime() < deadline);
            assertEquals("QUEUED", recipient.getString("status"), "a configuration error never drops mail");
            assertTrue(recipient.getString("lastReply", "").startsWith("smarthost authentication failed: 535 5.7.8"), recipient.toString());
            assertTrue(recipient.getInt("attempts") >= 2, "retried: " + recipient);
            assertEquals(0, sink.received().size());
            assertEquals(204, Server.admin("DELETE", "/queue/"
                    + Outbound.queueEntriesFor(to).get(0).getJsonNumber("id").longValue(), null).statusCode());
        }
    }
}
