package dev.maildock.rar.pop3;

import dev.maildock.rar.api.Pop3Listener;
import dev.maildock.rar.net.SessionChannel;
import io.netty.util.concurrent.EventExecutor;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the platform's maildrop lock alive while a session lasts: renews at a third of the lease,
 * so that one missed renewal (a slow database) still leaves time for the next.
 */
final class LeaseKeeper {

    private static final Logger LOG = Logger.getLogger(LeaseKeeper.class.getName());

    private final ScheduledFuture<?> renewal;

    private LeaseKeeper(ScheduledFuture<?> renewal) {
        this.renewal = renewal;
    }

    /**
     * @param lost runs on the event loop when the platform says the lock is gone (the lease ran out
     *             and another session may have taken the maildrop)
     * @return the keeper, or null when the lock needs no renewal
     */
    static LeaseKeeper start(EventExecutor loop, SessionChannel<Pop3Listener> platform, String handle, Duration lease,
                             Runnable lost) {
        if (lease == null || lease.isZero() || lease.isNegative()) {
            return null;
        }
        long period = Math.max(1, lease.toMillis() / 3);
        ScheduledFuture<?> renewal = loop.scheduleAtFixedRate(() -> platform.callAside(listener -> listener.renew(handle),
                (held, failure) -> {
                    if (failure != null) {
                        // A missed renewal is not yet a lost lock: the next one may succeed.
                        LOG.log(Level.FINE, "POP3 maildrop lease renewal failed", failure);
                    } else if (!held) {
                        LOG.warning("MAILDOCK0205W: A POP3 session lost its maildrop lock; closing it.");
                        lost.run();
                    }
                }), period, period, TimeUnit.MILLISECONDS);
        return new LeaseKeeper(renewal);
    }

    void stop() {
        renewal.cancel(false);
    }
}
