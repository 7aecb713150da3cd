package dev.maildock.rar.api;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * The platform's answer to a login.
 *
 * @param outcome  success, bad credentials (one answer for unknown user and wrong password), or a
 *                 temporary failure of the platform
 * @param identity the canonical account address on success, else null
 * @param failureDelay on failure, how long the session waits before it answers (the platform's
 *                 lockout delay, growing with repeated failures); zero otherwise
 */
public record AuthResult(Outcome outcome, String identity, Duration failureDelay) implements Serializable {

    public enum Outcome { SUCCESS, FAILURE, TEMPORARY_FAILURE }

    public AuthResult {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(failureDelay, "failureDelay");
        if (outcome == Outcome.SUCCESS && identity == null) {
            throw new IllegalArgumentException("a successful login names its identity");
        }
    }

    public static AuthResult success(String identity) {
        return new AuthResult(Outcome.SUCCESS, identity, Duration.ZERO);
    }

    public static AuthResult failure(Duration delay) {
        return new AuthResult(Outcome.FAILURE, null, delay);
    }

    public static AuthResult tryLater() {
        return new AuthResult(Outcome.TEMPORARY_FAILURE, null, Duration.ZERO);
    }

    public boolean succeeded() {
        return outcome == Outcome.SUCCESS;
    }
}
