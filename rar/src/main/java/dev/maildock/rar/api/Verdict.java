package dev.maildock.rar.api;

import java.io.Serializable;
import java.util.Objects;

/**
 * The platform's answer to MAIL, RCPT or a finished message. The session turns the outcome into
 * its reply (code and enhanced code come from the adapter's reply table, never from here).
 *
 * @param outcome what happened
 * @param detail  optional human text that replaces the reply's default text; no internals
 */
public record Verdict(Outcome outcome, String detail) implements Serializable {

    public enum Outcome {
        /** 250: accepted (for deliver: committed). */
        ACCEPT,
        /** 550 5.1.1: no such local mailbox. */
        MAILBOX_UNKNOWN,
        /** 550 5.7.1: a non-local recipient for a session that may not relay. */
        RELAY_DENIED,
        /** 553 5.7.1: an authenticated user used a sender address that is not theirs. */
        SENDER_NOT_OWNED,
        /** 550 5.7.1: refused by policy for another reason. */
        REJECTED,
        /** 452 4.2.2: the mailbox is full for now. */
        INSUFFICIENT_STORAGE,
        /** 451 4.3.0: a local failure; the client retries later. */
        TRY_LATER
    }

    public Verdict {
        Objects.requireNonNull(outcome, "outcome");
    }

    public static Verdict accept() {
        return new Verdict(Outcome.ACCEPT, null);
    }

    public static Verdict of(Outcome outcome) {
        return new Verdict(outcome, null);
    }

    public static Verdict tryLater(String detail) {
        return new Verdict(Outcome.TRY_LATER, detail);
    }

    public boolean accepted() {
        return outcome == Outcome.ACCEPT;
    }
}
