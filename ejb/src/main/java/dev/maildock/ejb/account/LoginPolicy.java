package dev.maildock.ejb.account;

import java.time.Duration;

/**
 * The lockout's numbers. Failures are counted per (account name, client address), per client
 * address, and per account across all addresses. The pair and the address get growing delays and
 * then a hard lock: one source guessing one password, or one source trying many accounts. The
 * account as a whole only gets delays, never a lock, so nobody can lock its owner out by failing
 * on purpose: the owner logging in from an address that has not failed is never refused.
 *
 * @param perAccountAndClient delay and lock limits of one account name from one client address
 * @param perClient           the same for one client address, whatever the account names
 * @param accountDelayAfter   failures of an account since its last login (from anywhere) after
 *                            which its failure answers are delayed too
 * @param maxDelay            the longest delay
 * @param window              failures older than this are forgotten (pair and address)
 * @param lockout             how long a hard lock holds
 */
public record LoginPolicy(Limits perAccountAndClient, Limits perClient, int accountDelayAfter, Duration maxDelay,
                          Duration window, Duration lockout) {

    /**
     * @param delayAfter the failure from which each failure delays the next attempt (1 s, then doubling)
     * @param lockAfter  the failure that locks for the lockout time
     */
    public record Limits(int delayAfter, int lockAfter) {
    }

    public static final LoginPolicy DEFAULT = new LoginPolicy(new Limits(3, 10), new Limits(10, 50), 10,
            Duration.ofSeconds(15), Duration.ofMinutes(15), Duration.ofMinutes(15));

    /** The delay after the {@code failures}-th failure: none before {@code delayAfter}, then 1 s, 2 s, 4 s ... up to maxDelay. */
    Duration delay(int failures, int delayAfter) {
        if (failures < delayAfter) {
            return Duration.ZERO;
        }
        Duration delay = Duration.ofSeconds(1L << Math.min(failures - delayAfter, 20));
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }
}
