package dev.maildock.rar.net;

import io.netty.util.concurrent.EventExecutor;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Per-record deadlines, as Postfix's {@code smtpd_per_record_deadline} and {@code smtpd_min_data_rate}:
 * a client has a fixed time for each whole command line, not for each octet, and message content
 * must keep up a minimum rate. An idle timer that any octet resets lets a client hold a session
 * forever by trickling one octet at a time; this one only moves when a record is complete.
 * <p>
 * Restarting is a field write (no timer is cancelled or scheduled per line): one timer runs, and
 * when it fires before the deadline it sleeps again for the rest. {@link #stop()} takes that timer
 * off the loop: a waiting timer holds the session, which would otherwise stay in memory for the
 * whole limit after its connection closed (30 minutes of IMAP autologout). Event loop only.
 */
final class RecordDeadline implements Runnable {

    private final EventExecutor loop;
    private final long limit;
    private final double nanosPerOctet;
    private final BooleanSupplier excused;
    private final Runnable passed;
    private long deadline;
    private boolean stopped;
    private ScheduledFuture<?> timer;

    /**
     * @param limit       the time for one record (a command line), and the most content may fall behind
     * @param minDataRate octets per second content must average, once {@code limit} of slack is used up
     * @param excused     true while the client waits for us (a platform call): the clock does not run
     * @param passed      what to do when a deadline passes
     */
    RecordDeadline(EventExecutor loop, Duration limit, long minDataRate, BooleanSupplier excused, Runnable passed) {
        this.loop = loop;
        this.limit = limit.toNanos();
        this.nanosPerOctet = minDataRate > 0 ? 1e9 / minDataRate : 0;
        this.excused = excused;
        this.passed = passed;
        restart();
        timer = loop.schedule(this, this.limit, TimeUnit.NANOSECONDS);
    }

    /** The client has the whole limit from now (a record was complete, or we answered it). */
    void restart() {
        deadline = System.nanoTime() + limit;
    }

    /**
     * {@code octets} of content arrived: each buys {@code 1 / minDataRate} seconds, up to the
     * limit from now (Postfix caps the same way), so a fast start cannot buy hours of silence.
     * Without a minimum rate any content gives the whole limit again, or a large message on a
     * slow but steady link would be cut once the limit had passed.
     */
    void credit(int octets) {
        long now = System.nanoTime();
        deadline = nanosPerOctet == 0 ? now + limit : Math.min(deadline + (long) (octets * nanosPerOctet), now + limit);
    }

    void stop() {
        stopped = true;
        timer.cancel(false);
    }

    @Override
    public void run() {
        if (stopped) {
            return;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 && excused.getAsBoolean()) {
            restart();
            left = limit;
        }
        if (left > 0) {
            timer = loop.schedule(this, left, TimeUnit.NANOSECONDS);
        } else {
            stopped = true;
            passed.run();
        }
    }
}
