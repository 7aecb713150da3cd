package dev.maildock.rar.net;

import io.netty.channel.DefaultEventLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The deadline's timer on a real event loop (an embedded channel drops its timers when it closes). */
class RecordDeadlineTest {

    /** A loop that tells whether a timer waits on it. */
    private static final class Loop extends DefaultEventLoop {
        boolean timerWaits() throws Exception {
            return submit(() -> nextScheduledTaskNano() != -1).get();
        }
    }

    private final Loop loop = new Loop();

    @AfterEach
    void stopLoop() {
        loop.shutdownGracefully(0, 0, TimeUnit.SECONDS);
    }

    @Test
    void aStoppedDeadlineLeavesNoTimerOnTheLoop() throws Exception {
        RecordDeadline deadline = loop.submit(
                () -> new RecordDeadline(loop, Duration.ofMinutes(30), 0, () -> false, () -> { })).get();
        assertTrue(loop.timerWaits(), "the deadline's timer waits");
        loop.submit(deadline::stop).get();
        // A waiting timer holds the session (and its selected mailbox) until it fires.
        assertFalse(loop.timerWaits(), "a closed connection's session is not held for 30 minutes");
    }
}
