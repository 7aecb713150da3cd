package dev.maildock.ejb.submission;

import dev.maildock.ejb.common.TransientFailures;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Group commit for received and submitted mail (SMTP, the Jakarta Mail provider). A 250 or a
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

    private static final Logger LOG = Logger.getLogger(GroupCommit.class.getName());

    /** At most this many messages per transaction (bounds the lock hold and the JTA timeout). */
    static final int MAX_BATCH = 64;
    /** Messages larger than this commit on their own. */
    static final long MAX_BATCHED_SIZE = 1024 * 1024;

    private final ReentrantLock writer = new ReentrantLock();
    private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();

    @EJB
    private SubmissionService submissions;

    /**
     * Commits {@code routing} in a transaction of its own (never the caller's); returns once it is
     * durable, or throws what its transaction threw.
     */
    public Filing commit(Routing routing) {
        if (routing.size() > MAX_BATCHED_SIZE) {
            return commitAlone(routing);
        }
        Pending mine = new Pending(routing);
        pending.add(mine);
        while (!mine.result.isDone()) {
            writer.lock();
            try {
                if (!mine.result.isDone()) {
                    run(drain());
                }
            } finally {
                writer.unlock();
            }
        }
        try {
            return mine.result.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the message was being stored", e);
        }
    }

    private List<Pending> drain() {
        List<Pending> batch = new ArrayList<>();
        for (Pending next; batch.size() < MAX_BATCH && (next = pending.poll()) != null; ) {
            batch.add(next);
        }
        return batch;
    }

    private void run(List<Pending> batch) {
        if (batch.size() > 1) {
            // One attempt: whatever failed it (a transient rollback or one bad message), the
            // messages then go one by one, each with its own retries.
            try {
                List<Filing> filed = submissions.routeAll(batch.stream().map(Pending::routing).toList());
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).result.complete(filed.get(i));
                }
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "A batch of " + batch.size() + " messages failed; committing them one by one", e);
            }
        }
        for (Pending p : batch) {
            try {
                p.result.complete(commitAlone(p.routing));
            } catch (RuntimeException e) {
                p.result.completeExceptionally(e);
            }
        }
    }

    private Filing commitAlone(Routing routing) {
        return TransientFailures.retry(() -> submissions.routeAlone(routing));
    }

    private record Pending(Routing routing, CompletableFuture<Filing> result) {
        Pending(Routing routing) {
            this(routing, new CompletableFuture<>());
        }
    }
}
