package dev.maildock.ejb.delivery.remote;

import dev.maildock.ejb.common.TransientFailures;
import dev.maildock.ejb.delivery.ClaimedBatch;
import dev.maildock.ejb.delivery.Handoff;
import dev.maildock.ejb.delivery.OutboundSettings;
import dev.maildock.ejb.delivery.OutboundVariables;
import dev.maildock.ejb.delivery.QueueWork;
import dev.maildock.ejb.delivery.RecipientOutcome;
import dev.maildock.ejb.mailbox.ContentStore;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The outbound queue's workers: claimed batches go to a managed executor, at most
 * maildock.queue.workers at a time; the batches beyond the free workers wait in the
 * {@link Handoff} for the next worker that finishes. A worker routes its batch, runs the SMTP
 * transaction outside any transaction, on a connection kept from an earlier delivery to the same
 * host when there is one ({@link ConnectionCache}), and has the outcome recorded.
 * <p>
 * The executor is looked up for each use rather than injected once: a server configuration update
 * (e.g. a changed variable in configDropins) shut the default managed executor the bean had been
 * given down and replaced it, and a held reference then refused every task (CWWKE1202E).
 */
final class QueueDispatcher {

    private static final Logger LOG = Logger.getLogger(QueueDispatcher.class.getName());
    private static final int CHUNK = 64 * 1024;

    private static final String EXECUTOR = "java:comp/DefaultManagedExecutorService";
    private static final String SCHEDULER = "java:comp/DefaultManagedScheduledExecutorService";

    private final int workers;
    private final Semaphore slots;
    /** Batches claimed beyond the free workers, by a scan or by the transaction that queued them. */
    private final Handoff claimedAhead;
    private final QueueWork work;
    private final OutboundVariables variables;
    private final ContentStore store;
    private final OutcomeRecorder recorder;
    /** Runs on a worker's thread after it gave its slot back. */
    private final Runnable workerDone;
    /** Connections kept between deliveries to one destination (Postfix's connection cache). */
    private final ConnectionCache kept = new ConnectionCache();
    private final AtomicBoolean closeIdleScheduled = new AtomicBoolean();
    private volatile boolean stopping;

    QueueDispatcher(int workers, Handoff claimedAhead, QueueWork work, OutboundVariables variables, ContentStore store,
                    Runnable workerDone) {
        this.workers = workers;
        this.slots = new Semaphore(workers);
        this.claimedAhead = claimedAhead;
        this.work = work;
        this.variables = variables;
        this.store = store;
        this.recorder = new OutcomeRecorder(work);
        this.workerDone = workerDone;
    }

    static ManagedExecutorService executor() throws NamingException {
        return InitialContext.doLookup(EXECUTOR);
    }

    /** From now on a message queued while few batches wait is claimed for these workers at once. */
    void open(String node) {
        claimedAhead.open(node, 4 * workers);
    }

    void stop() {
        stopping = true;
        claimedAhead.close();
        kept.closeAll();
        // Claimed ahead but not started: back to the queue now rather than when the lease runs out.
        for (ClaimedBatch b; (b = claimedAhead.poll()) != null; ) {
            release(b);
        }
    }

    boolean stopping() {
        return stopping;
    }

    int freeWorkers() {
        return slots.availablePermits();
    }

    boolean batchesWaiting() {
        return !claimedAhead.isEmpty();
    }

    /** Keeps {@code batches} for the workers that finish next. */
    void waitAhead(Collection<ClaimedBatch> batches) {
        claimedAhead.addAll(batches);
    }

    /** Closes the kept connections that have been idle too long. */
    void closeIdle() {
        kept.closeIdle();
    }

    /**
     * Batches claimed by the transaction that queued them, after its commit: they go to a free
     * worker or wait for the next one that finishes. Never waits: this runs on the committing thread.
     */
    void handOver(List<ClaimedBatch> claimed) {
        if (stopping) {
            claimed.forEach(this::release);
            return;
        }
        claimedAhead.addAll(claimed);
        dispatchWaiting();
    }

    /**
     * Starts a worker for the waiting batches if a slot is free. A worker that finishes checks
     * again after giving its slot back, so a batch added while every slot was taken is not left
     * waiting for the next poll.
     */
    private void dispatchWaiting() {
        while (!stopping && !claimedAhead.isEmpty() && slots.tryAcquire()) {
            if (!run(null)) {
                return;
            }
        }
    }

    /** Gives a claim back now rather than when its lease runs out. */
    private void release(ClaimedBatch batch) {
        try {
            TransientFailures.retry(() -> {
                work.release(batch.token());
                return null;
            });
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "A claim could not be released; it lapses or is released at the next start", e);
        }
    }

    /**
     * Runs {@code first} (if not null) and then the batches claimed ahead on a worker, waiting for
     * a free one.
     *
     * @return false when no thread was available (the claim of {@code first} is then released)
     */
    boolean dispatch(ClaimedBatch first) {
        slots.acquireUninterruptibly();
        return run(first);
    }

    /** {@link #dispatch} once a slot is held. */
    private boolean run(ClaimedBatch first) {
        try {
            executor().execute(() -> {
                try {
                    if (first != null) {
                        deliver(first);
                    }
                    for (ClaimedBatch next; !stopping && (next = claimedAhead.poll()) != null; ) {
                        deliver(next);
                    }
                } finally {
                    slots.release();
                    dispatchWaiting();
                    workerDone.run();
                }
            });
            return true;
        } catch (RejectedExecutionException | NamingException e) {
            // No thread now (the server stops, or its executor is being replaced): the claim
            // goes back at once instead of waiting out its lease.
            slots.release();
            if (first != null) {
                release(first);
            }
            LOG.fine(() -> "MAILDOCK0807I: No thread for a delivery now (" + e + "); the next poll tries again.");
            return false;
        }
    }

    /** One attempt for one batch; whatever happens, its outcome is recorded (or the lease runs out). */
    private void deliver(ClaimedBatch batch) {
        OutboundSettings settings = variables.currentOrNull();
        List<RecipientOutcome> outcomes;
        if (settings == null) {
            outcomes = SmtpDelivery.all(batch, RecipientOutcome.Result.DEFERRED, "4.3.5",
                    "the outbound configuration is not usable", null);
            settings = OutboundSettings.read("localhost", v -> "");
        } else {
            outcomes = attempt(batch, settings);
        }
        closeIdleSoon();
        try {
            recorder.record(new QueueWork.Attempt(batch, outcomes, settings));
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "MAILDOCK0803E: The outcome of queue entry " + batch.messageId() + " for " + batch.domain()
                    + " could not be recorded; it is tried again when its claim lapses.", e);
        }
    }

    /**
     * While connections are kept, checks every {@link ConnectionCache#IDLE} for those that have
     * waited that long and closes them: a remote server's session is not held open for nothing.
     */
    private void closeIdleSoon() {
        if (stopping || kept.isEmpty() || !closeIdleScheduled.compareAndSet(false, true)) {
            return;
        }
        try {
            ManagedScheduledExecutorService scheduler = InitialContext.doLookup(SCHEDULER);
            scheduler.schedule(() -> {
                closeIdleScheduled.set(false);
                kept.closeIdle();
                closeIdleSoon();
            }, ConnectionCache.IDLE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (NamingException | RejectedExecutionException e) {
            // No scheduler now (the server stops, or its configuration changes): keep nothing.
            closeIdleScheduled.set(false);
            kept.closeAll();
        }
    }

    private List<RecipientOutcome> attempt(ClaimedBatch batch, OutboundSettings settings) {
        try {
            boolean smarthost = settings.smarthost() != null;
            List<MailHost> hosts = smarthost ? List.of(smarthost(settings))
                    : new MxResolver(settings.dnsServer()).route(batch.domain(), settings.remotePort());
            return SmtpDelivery.deliver(batch, hosts, smarthost, settings, kept, out -> copy(batch, out));
        } catch (RouteException e) {
            if (!e.isPermanent()) {
                LOG.fine(() -> "MAILDOCK0804I: No route to " + batch.domain() + " for now: " + e.getMessage());
            }
            return SmtpDelivery.all(batch, e.isPermanent() ? RecipientOutcome.Result.FAILED : RecipientOutcome.Result.DEFERRED,
                    e.status(), e.getMessage(), null);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "MAILDOCK0805W: Delivering queue entry " + batch.messageId() + " to " + batch.domain()
                    + " failed unexpectedly; it is tried again later.", e);
            return SmtpDelivery.all(batch, RecipientOutcome.Result.DEFERRED, "4.3.0",
                    "local error: " + e.getClass().getSimpleName(), null);
        }
    }

    private static MailHost smarthost(OutboundSettings settings) throws RouteException {
        try {
            return new MailHost(settings.smarthost().host(), InetAddress.getByName(settings.smarthost().host()),
                    settings.smarthost().port());
        } catch (UnknownHostException e) {
            LOG.warning(() -> "MAILDOCK0825W: The smarthost " + settings.smarthost()
                    + " (maildock.smarthost) cannot be resolved. Outbound mail waits in the queue.");
            throw new RouteException(false, "4.4.3", "smarthost " + settings.smarthost() + " cannot be resolved");
        }
    }

    /**
     * The message: as handed over at queueing when it is small, else streamed from the store in
     * chunks, never whole in the heap.
     */
    private void copy(ClaimedBatch batch, OutputStream out) throws IOException {
        if (batch.octets() != null) {
            out.write(batch.octets());
            return;
        }
        for (long offset = 0; offset < batch.size(); ) {
            byte[] chunk = store.read(batch.contentId(), offset, CHUNK);
            if (chunk.length == 0) {
                throw new IOException("stored message " + batch.contentId() + " ends early at " + offset);
            }
            out.write(chunk);
            offset += chunk.length;
        }
    }
}
