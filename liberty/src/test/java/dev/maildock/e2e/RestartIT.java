package dev.maildock.e2e;

import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;

import static dev.maildock.e2e.Server.admin;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Stops and starts the real server with its own scripts: what was created before is still there
 * after (the database is on disk, not in memory), and the listeners come back.
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
    }
}
