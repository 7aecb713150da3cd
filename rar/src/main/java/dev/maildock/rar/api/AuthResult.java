package dev.maildock.rar.api;

import java.io.Serializable;
import java.util.Objects;

/**
 * The platform's answer to a login.
 *
 * @param outcome  success, bad credentials (one answer for unknown user and wrong password), or a
 *                 temporary failure of the platform
 * @param identity the canonical account address on success, else null
 */
public record AuthResult(Outcome outcome, String identity) implements Serializable {

    public enum Outcome { SUCCESS, FAILURE, TEMPORARY_FAILURE }

    public AuthResult {
        Objects.requireNonNull(outcome, "outcome");
        if (outcome == Outcome.SUCCESS && identity == null) {
            throw new IllegalArgumentException("a successful login names its identity");
        }
    }

    public static AuthResult success(String identity) {
        return new AuthResult(Outcome.SUCCESS, identity);
    }

    public static AuthResult failure() {
        return new AuthResult(Outcome.FAILURE, null);
    }

    public static AuthResult tryLater() {
        return new AuthResult(Outcome.TEMPORARY_FAILURE, null);
    }

    public boolean succeeded() {
        return outcome == Outcome.SUCCESS;
    }
}
