package dev.maildock.ejb.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** Failed logins from one client address, counted in a window, for the lockout every protocol shares. */
@Entity
@Table(name = "MD_CLIENT_LOGIN_FAILURES")
public class ClientLoginFailures {

    @Id
    @Column(name = "CLIENT_ADDRESS", length = 64)
    private String clientAddress;

    @Column(nullable = false)
    private int failures;

    @Column(nullable = false)
    private Instant windowStart;

    private Instant lockedUntil;

    protected ClientLoginFailures() {
    }

    ClientLoginFailures(String clientAddress, Instant now) {
        this.clientAddress = clientAddress;
        this.windowStart = now;
    }

    boolean lockedAt(Instant now) {
        return lockedUntil != null && lockedUntil.isAfter(now);
    }

    /** Counts one failure; returns true when this one reaches the limit and locks the address. */
    boolean fail(Instant now, LoginPolicy policy) {
        if (windowStart.plus(policy.window()).isBefore(now)) {
            windowStart = now;
            failures = 0;
        }
        failures++;
        if (failures >= policy.maxFailuresPerClient()) {
            lockedUntil = now.plus(policy.lockout());
            failures = 0;
            windowStart = now;
            return true;
        }
        return false;
    }
}
