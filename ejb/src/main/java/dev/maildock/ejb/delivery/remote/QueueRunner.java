package dev.maildock.ejb.delivery.remote;

import dev.maildock.ejb.common.TransientFailures;
import dev.maildock.ejb.delivery.ClaimedBatch;
import dev.maildock.ejb.delivery.Handoff;
import dev.maildock.ejb.delivery.MessageQueued;
import dev.maildock.ejb.delivery.OutboundVariables;
import dev.maildock.ejb.delivery.OutboundSettings;
import dev.maildock.ejb.delivery.QueueWork;
import dev.maildock.ejb.delivery.RecipientOutcome;
import dev.maildock.ejb.mailbox.ContentStore;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The outbound queue's workers. A scan claims due batches (in the database, so several servers
 * can share the queue) as long as a worker slot is free and hands each to a managed executor,
 * which routes it, runs the SMTP transaction outside any transaction and records the outcome. A
 * scan runs every maildock.queue.poll (an EJB timer), after a delivery while there is a backlog,
 * and after a message was queued without a claim. A message queued while the workers have room
 * comes already claimed ({@link Handoff}) and goes to a free worker after its commit.
 * <p>
 * The executor is looked up for each use rather than injected once: a server configuration update
 * (e.g. a changed variable in configDropins) shut the default managed executor the bean had been
 * given down and replaced it, and a held reference then refused every task (CWWKE1202E).
 */
@Singleton
@Startup
@DependsOn("Startup") // its start releases claims in tables that Startup may first have to create
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class QueueRunner {

    private static final Logger LOG = Logger.getLogger(QueueRunner.class.getName());
    private static final int CHUNK = 64 * 1024;
    /** At most this many attempts per recording transaction. */
    private static final int MAX_RECORD_GROUP = 32;

    private static final String EXECUTOR = "java:comp/DefaultManagedExecutorService";
    private static final String SCHEDULER = "java:comp/DefaultManagedScheduledExecutorService";

    @Resource
    private TimerService timers;

    @EJB
    private QueueWork work;

    @Inject
    private OutboundVariables variables;

    @Inject
    private ContentStore store;

    /** Batches claimed beyond the free workers, by a scan or by the transaction that queued them. */
    @Inject
    private Handoff claimedAhead;

    private final AtomicBoolean scanning = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private volatile boolean backlog;
    private volatile boolean stopping;
    private Semaphore slots;
    private int ahead;
    private final ReentrantLock recorder = new ReentrantLock();
    private final ConcurrentLinkedQueue<PendingRecord> toRecord = new ConcurrentLinkedQueue<>();
    private String node;
    /** Connections kept between deliveries to one destination (Postfix's connection cache). */
    private final ConnectionCache kept = new ConnectionCache();
    private final AtomicBoolean closeIdleScheduled = new AtomicBoolean();

    @PostConstruct
    void start() {
        OutboundSettings settings = settingsOrNull();
        int workers = settings == null ? 8 : settings.workers();
        Duration poll = settings == null ? Duration.ofSeconds(30) : settings.poll();
        slots = new Semaphore(workers);
        ahead = workers;
        node = variables.node();
        int released = TransientFailures.retry(() -> work.releaseClaims(node));
        claimedAhead.open(node, 4 * workers);
        LOG.info(() -> "MAILDOCK0800I: The outbound queue runs as node " + node + " with " + workers
                + " workers, scanning every " + poll.toMillis() + " ms; " + released + " claim(s) from before the start released; "
                + (settings == null ? "" : settings.smarthost() != null ? "relaying through " + settings.smarthost()
                : "delivering by MX (DNS " + (settings.dnsServer() == null ? "from the system" : settings.dnsServer())
                + ", port " + settings.remotePort() + ")") + ".");
        timers.createIntervalTimer(1000, poll.toMillis(), new TimerConfig("maildock outbound queue poll", false));
    }

    @PreDestroy
    void stop() {
        stopping = true;
        claimedAhead.close();
        kept.closeAll();
        // Claimed ahead but not started: back to the queue now rather than when the lease runs out.
        for (ClaimedBatch b; (b = claimedAhead.poll()) != null; ) {
            release(b);
        }
    }

    @Timeout
    void tick() {
        kept.closeIdle();
        scan();
    }

    /**
     * After a message's transaction committed: its claimed batches go to a free worker (or wait
     * for the next one that finishes); a message queued unclaimed is looked for by a scan now
     * rather than at the next poll. Never waits: this runs on the committing thread.
     */
    public void queued(@Observes(during = TransactionPhase.AFTER_SUCCESS) MessageQueued event) {
        if (event.claimed().isEmpty()) {
            wake();
            return;
        }
        if (stopping) {
            event.claimed().forEach(this::release);
            return;
        }
        claimedAhead.addAll(event.claimed());
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

    /** Asks for a scan soon (e.g. after an administrator's "retry now"). */
    public void wake() {
        if (!stopping) {
            try {
                executor().execute(this::scan);
            } catch (RejectedExecutionException | NamingException e) {
                LOG.fine(() -> "MAILDOCK0806I: No thread for a queue scan now (" + e + "); the next poll scans.");
            }
        }
    }

    private static ManagedExecutorService executor() throws NamingException {
        return InitialContext.doLookup(EXECUTOR);
    }

    private void scan() {
        while (!stopping) {
            if (!scanning.compareAndSet(false, true)) {
                // One scan at a time; the running one goes round again.
                again.set(true);
                return;
            }
            try {
                do {
                    again.set(false);
                    claimWhileFree();
                } while (again.get() && !stopping);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "MAILDOCK0802W: The outbound queue could not be read; trying again at the next scan.", e);
            } finally {
                scanning.set(false);
            }
            // A wake-up that came between the last check and the release above would be lost.
            if (!again.get()) {
                return;
            }
        }
    }

    private void claimWhileFree() {
        while (!stopping) {
            int free = slots.availablePermits();
            if (free == 0) {
                backlog = true;
                return;
            }
            if (!claimedAhead.isEmpty()) {
                // Batches claimed earlier come first: a free worker takes them (the workers that
                // were given them normally have, unless a thread was refused).
                backlog = true;
                dispatch(null);
                return;
            }
            // One claim transaction for the free workers and as many batches again, which the
            // workers take as they finish: a busy queue costs a claim (a log flush) per group,
            // not per message.
            int wanted = free + ahead;
            List<ClaimedBatch> batches = TransientFailures.retry(() -> work.claim(node, wanted, Handoff.LEASE));
            backlog = batches.size() == wanted;
            int now = Math.min(free, batches.size());
            claimedAhead.addAll(batches.subList(now, batches.size()));
            for (ClaimedBatch batch : batches.subList(0, now)) {
                if (!dispatch(batch)) {
                    return;
                }
            }
            if (batches.size() < wanted) {
                return;
            }
        }
    }

    /**
     * Runs {@code first} (if not null) and then the batches claimed ahead on a worker.
     *
     * @return false when no thread was available (the claim of {@code first} is then released)
     */
    private boolean dispatch(ClaimedBatch first) {
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
                    if (backlog) {
                        wake();
                    }
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
            LOG.fine(() -> "MAILDOCK0806I: No thread for a delivery now (" + e + "); the next poll tries again.");
            return false;
        }
    }

    /** One attempt for one batch; whatever happens, its outcome is recorded (or the lease runs out). */
    void deliver(ClaimedBatch batch) {
        OutboundSettings settings = settingsOrNull();
        List<RecipientOutcome> outcomes;
        if (settings == null) {
            outcomes = all(batch, RecipientOutcome.Result.DEFERRED, "4.3.5", "the outbound configuration is not usable", null);
            settings = OutboundSettings.read("localhost", v -> "");
        } else {
            outcomes = attempt(batch, settings);
        }
        closeIdleSoon();
        try {
            record(new QueueWork.Attempt(batch, outcomes, settings));
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
            jakarta.enterprise.concurrent.ManagedScheduledExecutorService scheduler = InitialContext.doLookup(SCHEDULER);
            scheduler.schedule(() -> {
                closeIdleScheduled.set(false);
                kept.closeIdle();
                closeIdleSoon();
            }, ConnectionCache.IDLE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (NamingException | RejectedExecutionException e) {
            // No scheduler now (the server stops, or its configuration changes): keep nothing.
            closeIdleScheduled.set(false);
            kept.closeAll();
        }
    }

    /**
     * Records an attempt, grouped with those other workers finish meanwhile (like the submissions'
     * GroupCommit): the worker that finds the recorder free commits every waiting outcome in one
     * transaction, so a busy queue costs one log flush per group rather than per message. A group
     * that fails is recorded one by one. Returns once this attempt is recorded; throws if it
     * could not be.
     */
    private void record(QueueWork.Attempt attempt) {
        PendingRecord mine = new PendingRecord(attempt, new CompletableFuture<>());
        toRecord.add(mine);
        while (!mine.done().isDone()) {
            recorder.lock();
            try {
                if (!mine.done().isDone()) {
                    recordGroup();
                }
            } finally {
                recorder.unlock();
            }
        }
        mine.done().join();
    }

    private void recordGroup() {
        List<PendingRecord> group = new ArrayList<>();
        for (PendingRecord next; group.size() < MAX_RECORD_GROUP && (next = toRecord.poll()) != null; ) {
            group.add(next);
        }
        if (group.size() > 1) {
            try {
                work.recordAll(group.stream().map(PendingRecord::attempt).toList());
                group.forEach(p -> p.done().complete(null));
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "Recording " + group.size() + " attempts together failed; recording them one by one", e);
            }
        }
        for (PendingRecord p : group) {
            try {
                TransientFailures.retry(() -> {
                    work.record(p.attempt().batch(), p.attempt().outcomes(), p.attempt().settings());
                    return null;
                });
                p.done().complete(null);
            } catch (RuntimeException e) {
                p.done().completeExceptionally(e);
            }
        }
    }

    private record PendingRecord(QueueWork.Attempt attempt, CompletableFuture<Void> done) {
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
            return all(batch, e.isPermanent() ? RecipientOutcome.Result.FAILED : RecipientOutcome.Result.DEFERRED,
                    e.status(), e.getMessage(), null);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "MAILDOCK0805W: Delivering queue entry " + batch.messageId() + " to " + batch.domain()
                    + " failed unexpectedly; it is tried again later.", e);
            return all(batch, RecipientOutcome.Result.DEFERRED, "4.3.0", "local error: " + e.getClass().getSimpleName(), null);
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
    private void copy(ClaimedBatch batch, OutputStream out) throws java.io.IOException {
        if (batch.octets() != null) {
            out.write(batch.octets());
            return;
        }
        for (long offset = 0; offset < batch.size(); ) {
            byte[] chunk = store.read(batch.contentId(), offset, CHUNK);
            if (chunk.length == 0) {
                throw new java.io.IOException("stored message " + batch.contentId() + " ends early at " + offset);
            }
            out.write(chunk);
            offset += chunk.length;
        }
    }

    private static List<RecipientOutcome> all(ClaimedBatch batch, RecipientOutcome.Result result, String status,
                                              String text, String host) {
        return batch.recipients().stream().map(r -> new RecipientOutcome(r.id(), result, status, text, host)).toList();
    }

    private OutboundSettings settingsOrNull() {
        try {
            return variables.current();
        } catch (RuntimeException e) {
            LOG.severe(() -> "MAILDOCK0820E: The outbound configuration is not usable: " + e.getMessage()
                    + ". Outbound mail waits in the queue until it is corrected.");
            return null;
        }
    }
}
