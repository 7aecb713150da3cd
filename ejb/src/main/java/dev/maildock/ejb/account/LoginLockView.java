package dev.maildock.ejb.account;

import java.time.Instant;

/**
 * A lock of the login lockout, for the admin API and page.
 *
 * @param account     the login name locked from {@code client}, or null when the whole address is locked
 * @param client      the client address
 * @param failures    the failures that led to it
 * @param lockedUntil when it ends by itself
 */
public record LoginLockView(String account, String client, int failures, Instant lockedUntil) {
}
