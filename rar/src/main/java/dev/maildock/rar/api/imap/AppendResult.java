package dev.maildock.rar.api.imap;

import java.io.Serializable;

/**
 * The answer to APPEND, for all its messages at once (RFC 3502: all are appended or none). On
 * {@code DONE}, {@code uids[i]} is the UID of the command's i-th message, ascending, in the
 * mailbox of UIDVALIDITY {@code uidValidity} (RFC 4315 APPENDUID); otherwise nothing was stored.
 */
public record AppendResult(Outcome outcome, long uidValidity, long[] uids) implements Serializable {

    public enum Outcome {
        DONE,
        /** The target does not exist (TRYCREATE). */
        NO_TARGET,
        /** A message is larger than the server takes (TOOBIG). */
        TOO_BIG,
        /** The account is over its quota (OVERQUOTA). */
        OVER_QUOTA,
        TRY_LATER
    }

    public static AppendResult of(Outcome outcome) {
        return new AppendResult(outcome, 0, new long[0]);
    }
}
