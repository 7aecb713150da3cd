package dev.maildock.rar.api.imap;

import java.io.Serializable;

/** The answer to APPEND: on {@code DONE} the new message's UID (RFC 4315 APPENDUID). */
public record AppendResult(Outcome outcome, long uidValidity, long uid) implements Serializable {

    public enum Outcome {
        DONE,
        /** The target does not exist (TRYCREATE). */
        NO_TARGET,
        /** Larger than the server takes (TOOBIG). */
        TOO_BIG,
        /** The account is over its quota (OVERQUOTA). */
        OVER_QUOTA,
        TRY_LATER
    }

    public static AppendResult of(Outcome outcome) {
        return new AppendResult(outcome, 0, 0);
    }
}
