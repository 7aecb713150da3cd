package dev.maildock.rar.api;

import java.io.Serializable;
import java.util.Objects;

/**
 * The platform's answer to a new connection.
 *
 * @param outcome  admit, or refuse for now (4xx, the client retries later), or refuse for good
 * @param hostname the name the server greets with (the platform owns its identity)
 * @param reason   human text for a refusal, never shown with internals
 */
public record ConnectVerdict(Outcome outcome, String hostname, String reason) implements Serializable {

    public enum Outcome { ACCEPT, TEMPORARY_FAILURE, PERMANENT_FAILURE }

    public ConnectVerdict {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(hostname, "hostname");
    }

    public static ConnectVerdict accept(String hostname) {
        return new ConnectVerdict(Outcome.ACCEPT, hostname, null);
    }

    public static ConnectVerdict tryLater(String hostname, String reason) {
        return new ConnectVerdict(Outcome.TEMPORARY_FAILURE, hostname, reason);
    }

    public boolean accepted() {
        return outcome == Outcome.ACCEPT;
    }
}
