package dev.maildock.rar.pop3;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes the greeting's APOP timestamp (RFC 1939 section 7), {@code <random.counter.millis@hostname>}:
 * unique per connection across restarts and nodes (random part) and within this listener (counter),
 * and unpredictable, so a captured APOP digest cannot be replayed on a later connection.
 */
final class ApopTimestamps {

    private final SecureRandom random = new SecureRandom();
    private final AtomicLong counter = new AtomicLong();
    private final Clock clock;

    ApopTimestamps(Clock clock) {
        this.clock = clock;
    }

    String next(String hostname) {
        byte[] nonce = new byte[8];
        random.nextBytes(nonce);
        return "<" + HexFormat.of().formatHex(nonce) + "." + counter.incrementAndGet() + "." + clock.millis()
                + "@" + hostname + ">";
    }
}
