package dev.maildock.rar.api;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * The platform's answer to a POP3 login (USER/PASS, APOP or AUTH PLAIN).
 *
 * @param outcome  what happened; the session maps it to the client's reply
 * @param maildrop the opened, locked maildrop; present exactly when the outcome is {@code OK}
 * @param failureDelay for {@code BAD_CREDENTIALS}, how long the session waits before it answers
 *                 (the platform's lockout delay, growing with repeated failures); zero otherwise
 */
public record LoginResult(Outcome outcome, Maildrop maildrop, Duration failureDelay) implements Serializable {

    public enum Outcome {
        /** Credentials valid, maildrop locked and listed. */
        OK,
        /** Unknown user, wrong password, disabled account or lockout: the client cannot tell which. */
        BAD_CREDENTIALS,
        /** Credentials valid but another session holds the maildrop lock (RFC 2449 [IN-USE]). */
        MAILDROP_IN_USE,
        /** The platform cannot decide now (RFC 3206 [SYS/TEMP]); the client may retry later. */
        TEMPORARILY_UNAVAILABLE
    }

    public LoginResult {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(failureDelay, "failureDelay");
        if ((outcome == Outcome.OK) != (maildrop != null)) {
            throw new IllegalArgumentException("a maildrop comes with OK and only with OK");
        }
    }

    public static LoginResult ok(Maildrop maildrop) {
        return new LoginResult(Outcome.OK, Objects.requireNonNull(maildrop, "maildrop"), Duration.ZERO);
    }

    public static LoginResult badCredentials(Duration delay) {
        return new LoginResult(Outcome.BAD_CREDENTIALS, null, delay);
    }

    public static LoginResult inUse() {
        return new LoginResult(Outcome.MAILDROP_IN_USE, null, Duration.ZERO);
    }

    public static LoginResult temporarilyUnavailable() {
        return new LoginResult(Outcome.TEMPORARILY_UNAVAILABLE, null, Duration.ZERO);
    }
}
