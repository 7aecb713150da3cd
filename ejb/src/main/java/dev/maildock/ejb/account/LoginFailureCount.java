package dev.maildock.ejb.account;

import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;

import java.time.Duration;
import java.time.Instant;

/**
 * Failed logins counted in a window, with a hard lock once the count reaches its limit; while it
 * holds, an attempt is refused without being checked or counted.
 */
@MappedSuperclass
abstract class LoginFailureCount {

    @Column(nullable = false)
    private int failures;

    @Column(nullable = false)
    private Instant windowStart;

    private Instant lockedUntil;

    protected LoginFailureCount() {
    }

    LoginFailureCount(Instant now) {
        this.windowStart = now;
    }

    int getFailures() {
        return failures;
    }

    Instant getLockedUntil() {
        return lockedUntil;
    }

    boolean lockedAt(Instant now) {
        return lockedUntil != null && lockedUntil.isAfter(now);
    }

    /** How long the lock still holds; zero when there is none. */
    Duration lockedFor(Instant now) {
        return lockedAt(now) ? Duration.between(now, lockedUntil) : Duration.ZERO;
    }

    /**
     * Counts one failure (a new window when the last one began longer ago than the policy's
     * window); at the limit's {@code lockAfter} failures the count locks for the lockout time.
     *
     * @return the failures of the window, this one included
     */
    int fail(Instant now, LoginPolicy policy, LoginPolicy.Limits limits) {
        if (windowStart.plus(policy.window()).isBefore(now)) {
            windowStart = now;
            failures = 0;
        }
        failures++;
        if (failures >= limits.lockAfter()) {
            lockedUntil = now.plus(policy.lockout());
        }
        return failures;
    }
}
