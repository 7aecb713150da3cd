package dev.maildock.ejb.delivery;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Collection;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Claimed batches waiting in memory for this server's queue workers. Two kinds arrive: batches a
 * queue scan claimed beyond the free workers, and batches claimed by the transaction that queued
 * the message ({@link OutboundQueue#enqueue}), handed over once it committed. The second kind
 * spares a busy queue the scan's claim transaction and the reload of what the submission just
 * wrote: like Postfix's qmgr learning of new mail from the pickup, the fresh message goes to a
 * worker straight away and the database serves as the record in case of a crash.
 * <p>
 * A claim made at queueing holds like any other ({@link #LEASE}, rows marked with this node), so
 * mail of a server that stops or crashes before delivering is released at its next start or
 * taken up by another server after the lease. Only so many batches wait here
 * ({@link #open}'s limit); beyond that, new messages are left unclaimed for the scans.
 */
@ApplicationScoped
public class Handoff {

    /**
     * How long a claim holds. Longer than any one attempt (RFC 5321 timeouts allow ~20 min per
     * host); a server that restarts drops its own claims at once, others wait this out.
     */
    public static final Duration LEASE = Duration.ofMinutes(60);

    private final ConcurrentLinkedQueue<ClaimedBatch> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    /** This server's node name while its workers run; null before their start and after their stop. */
    private volatile String node;
    private volatile int limit;

    /** The workers of {@code node} take batches; at most {@code limit} wait for them. */
    public void open(String node, int limit) {
        this.limit = limit;
        this.node = node;
    }

    /** The workers stop: no more claims at queueing. */
    public void close() {
        node = null;
    }

    /**
     * A new claim token of {@code node}, for the scans' claims and those made at queueing alike;
     * {@link QueueWork#releaseClaims} finds a node's claims by its prefix.
     */
    public static String token(String node) {
        return node + ":" + UUID.randomUUID();
    }

    /**
     * Whether a message queued now should be claimed for this server's workers in its own
     * transaction: they run and fewer than the limit already wait. A bounded overshoot by
     * concurrent submissions is harmless.
     */
    String claimingNode() {
        String n = node;
        return n != null && size.get() < limit ? n : null;
    }

    public void addAll(Collection<ClaimedBatch> batches) {
        for (ClaimedBatch b : batches) {
            waiting.add(b);
            size.incrementAndGet();
        }
    }

    /** The next waiting batch, or null. */
    public ClaimedBatch poll() {
        ClaimedBatch b = waiting.poll();
        if (b != null) {
            size.decrementAndGet();
        }
        return b;
    }

    public boolean isEmpty() {
        return waiting.isEmpty();
    }
}
