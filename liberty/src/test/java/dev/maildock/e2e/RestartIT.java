package dev.maildock.e2e;

import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;

import static dev.maildock.e2e.Server.admin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stops and starts the real server with its own scripts: what was created before is still there
 * after (the database is on disk, not in memory), the listeners come back, and the schema is not
 * extended again.
 */
class RestartIT {

    @Test
    void anAccountSurvivesARestart() throws Exception {
        String address = "survivor-" + System.currentTimeMillis() + "@e2e.test";
        assertEquals(201, admin("POST", "/accounts",
                "{\"address\":\"" + address + "\",\"password\":\"still here\",\"displayName\":\"Survivor\"}").statusCode());

        Duration stop = Server.control("stop");
        long startedAt = System.nanoTime();
        Server.control("start");
        Duration ready = Server.awaitReady(Duration.ofSeconds(120));
        Duration startToReady = Duration.ofNanos(System.nanoTime() - startedAt);
        // Figures for the note (start-to-ready and stop times), not assertions: timing
        // is shown by benchmarks, never asserted by tests.
        System.out.printf("RESTART FIGURES: stop %d ms, start to ready %d ms (of which waiting after the start script %d ms)%n",
                stop.toMillis(), startToReady.toMillis(), ready.toMillis());

        HttpResponse<String> after = admin("GET", "/accounts/" + address, null);
        assertEquals(200, after.statusCode(), after.body());
        assertEquals("Survivor", ApiJson.object(after.body()).getString("displayName"));

        // Liberty starts a new messages.log at each start. The schema recorded at the first start
        // matches the entities, so this start neither extends it nor re-adds constraints that
        // exist (EclipseLink's CWWJP9991W warnings).
        String log = Files.readString(Server.serverDir().resolve("logs/messages.log"));
        assertTrue(log.contains("MAILDOCK0200I"), "the restart's log");
        assertFalse(log.contains("MAILDOCK0202I"), "the schema was extended again");
        assertFalse(log.contains("CWWJP9991W"), "EclipseLink warned at a restart");
    }
}
