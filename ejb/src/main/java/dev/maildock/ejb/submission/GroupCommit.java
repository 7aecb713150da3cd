package dev.maildock.ejb.submission;

import dev.maildock.ejb.common.CommitBatcher;
import dev.maildock.ejb.common.TransientFailures;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Group commit for received and submitted mail (SMTP, the Jakarta Mail provider, the webmail). A 250 or a
 * returning Transport.send may only happen once the message is durable, and each
 * commit costs a log flush; deliveries into one busy INBOX also queue on its UID row lock. So the
 * sessions that finish DATA while a commit is under way wait for it, and the next of them commits
 * all the waiting messages in one transaction: one flush and one lock hold for the whole batch
 * instead of one each. Every caller still returns only after its own message committed.
 * <p>
 * If a batch fails, its messages are committed one by one, so one bad message never costs the
 * others their delivery. Large messages skip the batch: they would hold up everyone behind them.
 */
@ApplicationScoped
public class GroupCommit {

    /** At most this many messages per transaction (bounds the lock hold and the JTA timeout). */
    static final int MAX_BATCH = 64;
    /** Messages larger than this commit on their own. */
    static final long MAX_BATCHED_SIZE = 1024 * 1024;

    @EJB
    private SubmissionService submissions;

    private final CommitBatcher<Routing, Filing> batcher = new CommitBatcher<>(MAX_BATCH, "messages",
            routings -> submissions.routeAll(routings), routing -> submissions.routeAlone(routing));

    /**
     * Commits {@code routing} in a transaction of its own (never the caller's); returns once it is
     * durable, or throws what its transaction threw.
     */
    public Filing commit(Routing routing) {
        if (routing.size() > MAX_BATCHED_SIZE) {
            return commitAlone(routing);
        }
        return batcher.commit(routing);
    }

    private Filing commitAlone(Routing routing) {
        return TransientFailures.retry(() -> submissions.routeAlone(routing));
    }
}
