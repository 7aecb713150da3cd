package dev.maildock.e2e;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * maildock.smarthost with AUTH over STARTTLS: set while the server runs (a configDropins override,
 * which the queue reads at its next pass), every remote recipient goes to the relay, whatever DNS
 * says; removed again afterwards.
 */
class SmarthostIT {

    private static final Path OVERRIDE = Path.of(System.getProperty("e2e.wlp.home"), "usr", "servers",
            System.getProperty("e2e.server.name"), "configDropins", "overrides", "smarthost-it.xml");

    @Test
    void everythingGoesThroughTheSmarthostWithAuthOverStartTls() throws Exception {
        String relay = Outbound.nextHost();
        String sender = Accounts.create("out-relay");
        try (Sink sink = Sink.start(relay, "--tls", "--auth", "relayuser:relay secret")) {
            configure("<variable name=\"maildock.smarthost\" value=\"" + relay + ":" + Sink.PORT + "\"/>\n"
                    + "<variable name=\"maildock.smarthost.user\" value=\"relayuser\"/>\n"
                    + "<variable name=\"maildock.smarthost.password\" value=\"relay secret\"/>\n"
                    + "<variable name=\"maildock.smarthost.tls\" value=\"encrypt\"/>\n");
            try {
                // A domain the tests' DNS server does not know: only the relay can take it.
                String to = "kim@not-in-dns-" + System.nanoTime() + ".example";
                Outbound.submit(sender, sender, Outbound.message(sender, to, "via-relay"), to);
                List<Sink.Received> got = sink.await(1, Duration.ofSeconds(30));
                assertEquals(1, got.size(), "relayed");
                JsonObject envelope = got.get(0).envelope();
                assertEquals("relayuser", envelope.getString("auth_user"));
                assertTrue(envelope.getBoolean("tls"));
                assertEquals(List.of(to), ApiJson.strings(envelope.getJsonArray("rcpt_tos")));
                Outbound.awaitQueueEmptyFor(to, Duration.ofSeconds(30));
            } finally {
                unconfigure();
            }
        }
    }

    /** Writes the override and waits until the server says its configuration was updated. */
    private static void configure(String variables) throws IOException, InterruptedException {
        int before = updates();
        Files.createDirectories(OVERRIDE.getParent());
        Files.writeString(OVERRIDE, "<server>\n" + variables + "</server>\n");
        awaitUpdate(before);
    }

    private static void unconfigure() throws IOException, InterruptedException {
        int before = updates();
        Files.deleteIfExists(OVERRIDE);
        awaitUpdate(before);
    }

    private static void awaitUpdate(int before) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (updates() <= before) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the server did not apply the configuration change");
            }
            Thread.sleep(200);
        }
    }

    /** How often the server logged CWWKG0017I (configuration updated). */
    private static int updates() throws IOException {
        Path log = OVERRIDE.getParent().getParent().getParent().resolve("logs/messages.log");
        String text = Files.readString(log);
        int n = 0;
        for (int i = text.indexOf("CWWKG0017I"); i >= 0; i = text.indexOf("CWWKG0017I", i + 1)) {
            n++;
        }
        return n;
    }
}
