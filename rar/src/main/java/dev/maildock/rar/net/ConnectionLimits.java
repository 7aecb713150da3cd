package dev.maildock.rar.net;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Open connections, in total and per client address, shared by the listeners of one protocol
 * (SMTP: 25, 587 and 465; POP3: 110 and 995). A client over a limit is refused at connect (SMTP
 * 421, RFC 5321 section 3.8; POP3 {@code -ERR [SYS/TEMP]}) before the platform is asked anything,
 * so a flood cannot tie up work threads or the database.
 */
public final class ConnectionLimits {

    public static final int DEFAULT_MAX_CONNECTIONS = 1000;
    public static final int DEFAULT_MAX_PER_CLIENT = 50;

    private final int maxTotal;
    private final int maxPerClient;
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, Integer> perClient = new ConcurrentHashMap<>();

    public ConnectionLimits(int maxTotal, int maxPerClient) {
        if (maxTotal < 1 || maxPerClient < 1) {
            throw new IllegalArgumentException("connection limits must be positive");
        }
        this.maxTotal = maxTotal;
        this.maxPerClient = maxPerClient;
    }

    /** Counts a new connection, or returns false (and counts nothing) when a limit is reached. */
    public boolean tryAcquire(InetAddress client) {
        if (total.incrementAndGet() > maxTotal) {
            total.decrementAndGet();
            return false;
        }
        boolean[] admitted = {false};
        perClient.compute(client, (address, open) -> {
            int now = open == null ? 0 : open;
            if (now >= maxPerClient) {
                return open;
            }
            admitted[0] = true;
            return now + 1;
        });
        if (!admitted[0]) {
            total.decrementAndGet();
        }
        return admitted[0];
    }

    /** Forgets a connection counted by {@link #tryAcquire}. */
    public void release(InetAddress client) {
        total.decrementAndGet();
        perClient.computeIfPresent(client, (address, open) -> open <= 1 ? null : open - 1);
    }

    /** Connections counted now (for tests and monitoring). */
    public int open() {
        return total.get();
    }
}
