package dev.maildock.ejb.account;

import java.time.Duration;
import java.util.Optional;

/**
 * What {@link LoginGuard} decided about one login.
 *
 * @param account      the normalised account address on success, else empty
 * @param failureDelay on failure, how long the protocol should wait before it answers (the lockout's
 *                     growing delay; zero on success); the session waits on its own timer, not a thread
 */
public record LoginVerdict(Optional<String> account, Duration failureDelay) {

    static LoginVerdict success(String account) {
        return new LoginVerdict(Optional.of(account), Duration.ZERO);
    }

    static LoginVerdict failure(Duration delay) {
        return new LoginVerdict(Optional.empty(), delay);
    }
}
