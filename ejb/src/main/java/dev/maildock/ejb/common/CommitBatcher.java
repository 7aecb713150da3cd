package dev.maildock.ejb.common;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Group commit: each commit costs a log flush, so the callers that arrive while a commit is under
 * way wait for it, and the next of them commits all the waiting items in one transaction (at most
 * {@code maxBatch}). Every caller still returns only after its own item committed, with its own
 * result or failure.
 * <p>
 * A batch gets one attempt: whatever failed it (a transient rollback or one bad item), its items
 * are then committed one by one, each retried on its own ({@link TransientFailures}), so one bad
 * item never costs the others.
 *
 * @param <T> what is committed
 * @param <R> what committing one item gives
 */
public final class CommitBatcher<T, R> {

    private static final Logger LOG = Logger.getLogger(CommitBatcher.class.getName());

    private final int maxBatch;
    private final String items;
    private final Function<List<T>, List<R>> together;
    private final Function<T, R> alone;
    private final ReentrantLock writer = new ReentrantLock();
    private final ConcurrentLinkedQueue<Pending<T, R>> pending = new ConcurrentLinkedQueue<>();

    /**
     * @param maxBatch at most this many items per transaction (bounds the lock hold and the JTA timeout)
     * @param items    what the items are, plural, for the log ("messages")
     * @param together commits several items in one transaction of its own; its results in their order
     * @param alone    commits one item in a transaction of its own
     */
    public CommitBatcher(int maxBatch, String items, Function<List<T>, List<R>> together, Function<T, R> alone) {
        this.maxBatch = maxBatch;
        this.items = items;
        this.together = together;
        this.alone = alone;
    }

    /** Commits {@code item}, with others that wait meanwhile; returns once it is durable, or throws what its commit threw. */
    public R commit(T item) {
        Pending<T, R> mine = new Pending<>(item, new CompletableFuture<>());
        pending.add(mine);
        while (!mine.result().isDone()) {
            writer.lock();
            try {
                if (!mine.result().isDone()) {
                    run(drain());
                }
            } finally {
                writer.unlock();
            }
        }
        try {
            return mine.result().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private List<Pending<T, R>> drain() {
        List<Pending<T, R>> batch = new ArrayList<>();
        for (Pending<T, R> next; batch.size() < maxBatch && (next = pending.poll()) != null; ) {
            batch.add(next);
        }
        return batch;
    }

    private void run(List<Pending<T, R>> batch) {
        if (batch.size() > 1) {
            try {
                List<R> results = together.apply(batch.stream().map(Pending::item).toList());
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).result().complete(results.get(i));
                }
                return;
            } catch (RuntimeException | Error e) {
                LOG.log(Level.FINE, "A batch of " + batch.size() + " " + items + " failed; committing them one by one", e);
            }
        }
        for (Pending<T, R> p : batch) {
            try {
                p.result().complete(TransientFailures.retry(() -> alone.apply(p.item())));
            } catch (RuntimeException | Error e) {
                // Every item taken from the queue must complete: its caller waits for nothing else.
                p.result().completeExceptionally(e);
            }
        }
    }

    private record Pending<T, R>(T item, CompletableFuture<R> result) {
    }
}
