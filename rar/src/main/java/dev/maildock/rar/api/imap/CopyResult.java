package dev.maildock.rar.api.imap;

import java.io.Serializable;

/**
 * The answer to COPY or MOVE. On {@code DONE}, {@code sourceUids[i]} became {@code targetUids[i]}
 * in the target mailbox of UIDVALIDITY {@code uidValidity} (RFC 4315 COPYUID).
 */
public record CopyResult(Outcome outcome, long uidValidity, long[] sourceUids, long[] targetUids)
        implements Serializable {

    public enum Outcome {
        DONE,
        /** The target does not exist (TRYCREATE). */
        NO_TARGET,
        /** The account is over its quota (OVERQUOTA). */
        OVER_QUOTA,
        TRY_LATER
    }

    public static CopyResult of(Outcome outcome) {
        return new CopyResult(outcome, 0, new long[0], new long[0]);
    }
}
