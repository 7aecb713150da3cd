package dev.maildock.ejb.delivery.remote;

import dev.maildock.ejb.common.TransientFailures;
import dev.maildock.ejb.delivery.ClaimedBatch;
import dev.maildock.ejb.delivery.Handoff;
import dev.maildock.ejb.delivery.MessageQueued;
import dev.maildock.ejb.delivery.OutboundSettings;
import dev.maildock.ejb.delivery.OutboundVariables;
import dev.maildock.ejb.delivery.QueueWork;
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
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;

import javax.naming.NamingException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Decides when the outbound queue is worked. A scan claims due batches (in the database, so
 * several servers can share the queue) as long as a worker slot is free and gives each to the
 * {@link QueueDispatcher}. A scan runs every maildock.queue.poll (an EJB timer), after a delivery
 * while there is a backlog, and after a message was queued without a claim. A message queued
 * while the workers have room comes already claimed ({@link Handoff}) and goes to a free worker
 * after its commit.
 */
@Singleton
@Startup
@DependsOn("Startup") // its start releases claims in tables that Startup may first have to create
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class QueueScheduler {

    private static final Logger LOG = Logger.getLogger(QueueScheduler.class.getName());

    @Resource
    private TimerService timers;

    @EJB
    private QueueWork work;

    @Inject
    private OutboundVariables variables;

    @Inject
    private ContentStore store;

    @Inject
    private Handoff claimedAhead;

    private final AtomicBoolean scanning = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private volatile boolean backlog;
    private int ahead;
    private String node;
    private QueueDispatcher dispatcher;

    @PostConstruct
    void start() {
        OutboundSettings settings = variables.currentOrNull();
        int workers = settings == null ? 8 : settings.workers();
        Duration poll = settings == null ? Duration.ofSeconds(30) : settings.poll();
        dispatcher = new QueueDispatcher(workers, claimedAhead, work, variables, store, this::workerDone);
        ahead = workers;
        node = variables.node();
        int released = TransientFailures.retry(() -> work.releaseClaims(node));
        dispatcher.open(node);
        LOG.info(() -> "MAILDOCK0800I: The outbound queue runs as node " + node + " with " + workers
                + " workers, scanning every " + poll.toMillis() + " ms; " + released + " claim(s) from before the start released; "
                + (settings == null ? "" : settings.smarthost() != null ? "relaying through " + settings.smarthost()
                : "delivering by MX (DNS " + (settings.dnsServer() == null ? "from the system" : settings.dnsServer())
                + ", port " + settings.remotePort() + ")") + ".");
        timers.createIntervalTimer(1000, poll.toMillis(), new TimerConfig("maildock outbound queue poll", false));
    }

    @PreDestroy
    void stop() {
        dispatcher.stop();
    }

    @Timeout
    void tick() {
        dispatcher.closeIdle();
        scan();
    }

    /**
     * After a message's transaction committed: its claimed batches go to the workers; a message
     * queued unclaimed is looked for by a scan now rather than at the next poll. Never waits: this
     * runs on the committing thread.
     */
    public void queued(@Observes(during = TransactionPhase.AFTER_SUCCESS) MessageQueued event) {
        if (event.claimed().isEmpty()) {
            wake();
            return;
        }
        dispatcher.handOver(event.claimed());
    }

    /** A worker finished: while a scan found more due than it could claim, the next scan starts now. */
    private void workerDone() {
        if (backlog) {
            wake();
        }
    }

    /** Asks for a scan soon (e.g. after an administrator's "retry now"). */
    private void wake() {
        if (!dispatcher.stopping()) {
            try {
                QueueDispatcher.executor().execute(this::scan);
            } catch (RejectedExecutionException | NamingException e) {
                LOG.fine(() -> "MAILDOCK0806I: No thread for a queue scan now (" + e + "); the next poll scans.");
            }
        }
    }

    private void scan() {
        while (!dispatcher.stopping()) {
            if (!scanning.compareAndSet(false, true)) {
                // One scan at a time; the running one goes round again.
                again.set(true);
                return;
            }
            try {
                do {
                    again.set(false);
                    claimWhileFree();
                } while (again.get() && !dispatcher.stopping());
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
        while (!dispatcher.stopping()) {
            int free = dispatcher.freeWorkers();
            if (free == 0) {
                backlog = true;
                return;
            }
            if (dispatcher.batchesWaiting()) {
                // Batches claimed earlier come first: a free worker takes them (the workers that
                // were given them normally have, unless a thread was refused).
                backlog = true;
                dispatcher.dispatch(null);
                return;
            }
            // One claim transaction for the free workers and as many batches again, which the
            // workers take as they finish: a busy queue costs a claim (a log flush) per group,
            // not per message.
            int wanted = free + ahead;
            List<ClaimedBatch> batches = TransientFailures.retry(() -> work.claim(node, wanted, Handoff.LEASE));
            backlog = batches.size() == wanted;
            int now = Math.min(free, batches.size());
            dispatcher.waitAhead(batches.subList(now, batches.size()));
            for (ClaimedBatch batch : batches.subList(0, now)) {
                if (!dispatcher.dispatch(batch)) {
                    return;
                }
            }
            if (batches.size() < wanted) {
                return;
            }
        }
    }
}
