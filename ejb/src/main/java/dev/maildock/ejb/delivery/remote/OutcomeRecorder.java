package dev.maildock.ejb.delivery.remote;

import dev.maildock.ejb.common.CommitBatcher;
import dev.maildock.ejb.delivery.QueueWork;

import java.util.Collections;

/**
 * Records the outcomes of delivery attempts, grouped with those other workers finish meanwhile
 * (like the submissions' GroupCommit): a busy queue costs one log flush per group rather than per
 * message. A group that fails is recorded one by one.
 */
final class OutcomeRecorder {

    /** At most this many attempts per recording transaction. */
    private static final int MAX_GROUP = 32;

    private final CommitBatcher<QueueWork.Attempt, Void> batcher;

    OutcomeRecorder(QueueWork work) {
        batcher = new CommitBatcher<>(MAX_GROUP, "attempts", attempts -> {
            work.recordAll(attempts);
            return Collections.nCopies(attempts.size(), null);
        }, attempt -> {
            work.record(attempt.batch(), attempt.outcomes(), attempt.settings());
            return null;
        });
    }

    /** Returns once {@code attempt} is recorded; throws if it could not be. */
    void record(QueueWork.Attempt attempt) {
        batcher.commit(attempt);
    }
}
