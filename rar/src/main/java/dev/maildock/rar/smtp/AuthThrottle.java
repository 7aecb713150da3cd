package dev.maildock.rar.smtp;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed logins counted per client address and per (client address, account name) across the
 * sessions of one node, with a temporary lockout: a guesser who opens a new connection after each
 * third failure still runs into it. Never per account name alone: that would let anyone lock the
 * owner out from everywhere by failing on purpose. While locked, AUTH is answered 454 without asking the platform, so the password is
 * not even checked (no oracle, no database load).
 * <p>
 * It lives in memory, per node, like Postfix's anvil: enough to make online guessing slow. A
 * cluster-wide count would belong to the account rows (a later step).
 */
public final class AuthThrottle {

    public static final int DEFAULT_MAX_FAILURES = 10;
    public static final Duration DEFAULT_LOCKOUT = Duration.ofMinutes(15);
    /** Beyond this many tracked keys, expired ones are swept before a new one is added. */
    private static final int SWEEP_ABOVE = 10_000;

    private record Failures(int count, Instant windowEnd) {
    }

    private final int maxFailures;
    private final Duration lockout;
    private final ConcurrentHashMap<String, Failures> failures = new ConcurrentHashMap<>();

    public AuthThrottle(int maxFailures, Duration lockout) {
        if (maxFailures < 1 || lockout.isNegative()) {
            throw new IllegalArgumentException("maxFailures must be positive and lockout not negative");
        }
        this.maxFailures = maxFailures;
        this.lockout = lockout;
    }

    /** Whether logins from this address, or to this account from this address, are locked now. */
    public boolean locked(InetAddress client, String user, Instant now) {
        return locked(addressKey(client), now) || (user != null && locked(pairKey(client, user), now));
    }

    public void failed(InetAddress client, String user, Instant now) {
        if (failures.size() > SWEEP_ABOVE) {
            failures.values().removeIf(f -> !f.windowEnd().isAfter(now));
        }
        count(addressKey(client), now);
        if (user != null) {
            count(pairKey(client, user), now);
        }
    }

    /** A successful login clears the pair's count (not the address's: it may be shared by a guesser). */
    public void succeeded(InetAddress client, String user) {
        failures.remove(pairKey(client, user));
    }

    private boolean locked(String key, Instant now) {
        Failures f = failures.get(key);
        return f != null && f.count() >= maxFailures && f.windowEnd().isAfter(now);
    }

    private void count(String key, Instant now) {
        failures.compute(key, (k, f) -> f == null || !f.windowEnd().isAfter(now)
                ? new Failures(1, now.plus(lockout))
                : new Failures(f.count() + 1, f.count() + 1 >= maxFailures ? now.plus(lockout) : f.windowEnd()));
    }

    private static String addressKey(InetAddress client) {
        return "ip:" + client.getHostAddress();
    }

    private static String pairKey(InetAddress client, String user) {
        return "user:" + user.toLowerCase(Locale.ROOT) + "@ip:" + client.getHostAddress();
    }
}
