package dev.maildock.rar.imap;

import io.netty.util.concurrent.EventExecutor;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Tells idling sessions that their mailbox changed, whoever changed it and on whichever server:
 * the change is in the database, so the watcher asks the platform. One watcher per adapter, one
 * timer for all sessions: every {@code interval} it asks ONE {@code changedMailboxes} question
 * covering every registered mailbox, so 1,000 idling clients cost one query per tick, not 1,000.
 * <p>
 * A registration is one-shot: when its mailbox changed it is dropped and its callback runs on the
 * session's own event loop; the session fetches the changes and registers again with the MODSEQ
 * it reached. Nothing is asked while nothing is registered, and a question is never asked while
 * the previous one is unanswered (a slow database gets fewer questions, not a queue of them); a
 * failed question is asked again at the next tick.
 */
public final class MailboxWatcher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(MailboxWatcher.class.getName());

    private final EventExecutor loop;
    private final BiFunction<long[], long[], CompletionStage<long[]>> changedMailboxes;
    private final Set<Registration> registrations = ConcurrentHashMap.newKeySet();
    private final ScheduledFuture<?> timer;
    /** A question is unanswered; touched on {@link #loop} only. */
    private boolean polling;

    /**
     * @param loop             the event loop the timer runs on
     * @param interval         how often registered mailboxes are checked
     * @param changedMailboxes asks the platform's {@code changedMailboxes(ids, knownModSeqs)} off
     *                         the event loop (a WorkManager thread) and completes with its answer
     */
    public MailboxWatcher(EventExecutor loop, Duration interval,
                          BiFunction<long[], long[], CompletionStage<long[]>> changedMailboxes) {
        this.loop = loop;
        this.changedMailboxes = changedMailboxes;
        long period = Math.max(1, interval.toMillis());
        this.timer = loop.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Calls {@code changed} once, on {@code sessionLoop}, after mailbox {@code mailboxId} changed
     * past {@code knownModSeq} (or was deleted), unless the registration was cancelled first.
     */
    public Registration watch(long mailboxId, long knownModSeq, EventExecutor sessionLoop, Runnable changed) {
        Registration registration = new Registration(mailboxId, knownModSeq, sessionLoop, changed);
        registrations.add(registration);
        return registration;
    }

    /** How many registrations wait for a change. */
    public int watching() {
        return registrations.size();
    }

    @Override
    public void close() {
        timer.cancel(false);
        registrations.clear();
    }

    private void tick() {
        if (polling || registrations.isEmpty()) {
            return;
        }
        // One pair per mailbox: the lowest MODSEQ any session knows. A session further along may
        // be woken for nothing; it finds no changes and registers again.
        Map<Long, Long> lowest = new HashMap<>();
        for (Registration registration : registrations) {
            lowest.merge(registration.mailboxId, registration.knownModSeq, Math::min);
        }
        long[] ids = new long[lowest.size()];
        long[] modSeqs = new long[lowest.size()];
        int i = 0;
        for (Map.Entry<Long, Long> entry : lowest.entrySet()) {
            ids[i] = entry.getKey();
            modSeqs[i++] = entry.getValue();
        }
        polling = true;
        CompletionStage<long[]> answer;
        try {
            answer = changedMailboxes.apply(ids, modSeqs);
        } catch (RuntimeException e) {
            answered(null, e);
            return;
        }
        answer.whenComplete((changed, failure) -> {
            try {
                loop.execute(() -> answered(changed, failure));
            } catch (RejectedExecutionException e) {
                // The adapter is stopping: nobody is left to tell.
            }
        });
    }

    private void answered(long[] changed, Throwable failure) {
        polling = false;
        if (failure != null) {
            LOG.log(Level.FINE, "IMAP mailbox change poll failed; asking again at the next tick", failure);
            return;
        }
        if (changed.length == 0) {
            return;
        }
        long[] sorted = changed.clone();
        Arrays.sort(sorted);
        for (Registration registration : List.copyOf(registrations)) {
            if (Arrays.binarySearch(sorted, registration.mailboxId) >= 0 && registrations.remove(registration)) {
                registration.fire();
            }
        }
    }

    /** One session waiting for one mailbox to change. */
    public final class Registration {

        private final long mailboxId;
        private final long knownModSeq;
        private final EventExecutor sessionLoop;
        private final Runnable changed;
        private volatile boolean cancelled;

        private Registration(long mailboxId, long knownModSeq, EventExecutor sessionLoop, Runnable changed) {
            this.mailboxId = mailboxId;
            this.knownModSeq = knownModSeq;
            this.sessionLoop = sessionLoop;
            this.changed = changed;
        }

        /**
         * No callback after this (DONE, UNSELECT, the connection closed). Called on the session's
         * loop, it also stops a callback already on its way there.
         */
        public void cancel() {
            cancelled = true;
            registrations.remove(this);
        }

        private void fire() {
            try {
                sessionLoop.execute(() -> {
                    if (!cancelled) {
                        changed.run();
                    }
                });
            } catch (RejectedExecutionException e) {
                // The session's loop is shutting down, and the session with it.
            }
        }
    }
}
