package dev.maildock.ejb.account;

import java.time.Duration;

/**
 * How many failed logins lock an account or a client address, and for how long. Per account it
 * stops guessing one password; per client address it stops one source trying many accounts.
 */
public record LoginPolicy(int maxFailuresPerAccount, int maxFailuresPerClient, Duration window, Duration lockout) {

    public static final LoginPolicy DEFAULT = new LoginPolicy(5, 20, Duration.ofMinutes(15), Duration.ofMinutes(15));
}
