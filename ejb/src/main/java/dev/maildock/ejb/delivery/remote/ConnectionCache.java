package dev.maildock.ejb.delivery.remote;

import jakarta.mail.MessagingException;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * SMTP connections kept open between deliveries to one destination, like Postfix's scache: when
 * the queue holds several messages for one host, the next transaction starts with MAIL on the
 * connection the last one ended on, not with a new TCP connection, greeting, EHLO, STARTTLS (and
 * AUTH) and a QUIT at the end.
 * <p>
 * A connection is kept only after a transaction that ended in sync (a reply to the data, or a
 * successful RSET), for at most {@link #IDLE} between transactions (Postfix's
 * smtp_connection_cache_time_limit: a remote server's resources are not held for nothing) and
 * {@link #REUSE} in all (smtp_connection_reuse_time_limit). A kept connection the peer has closed
 * meanwhile is noticed at MAIL; the caller then opens a new one ({@link SmtpDelivery}).
 */
final class ConnectionCache {

    private static final Logger LOG = Logger.getLogger(ConnectionCache.class.getName());
    static final Duration IDLE = Duration.ofSeconds(2);
    static final Duration REUSE = Duration.ofSeconds(300);

    private final Map<Object, Deque<Idle>> idle = new HashMap<>();

    private record Idle(DeliveryTransport transport, long since) {
    }

    /**
     * What identifies interchangeable connections: the host connected to and everything that
     * shaped the session on it (EHLO name, TLS policy, credentials).
     */
    static Object key(Object sessionKey, String connectTo, int port, String user, String password) {
        return Arrays.asList(sessionKey, connectTo, port, user, password);
    }

    /** A kept connection for {@code key}, or null; the caller owns it from now on. */
    DeliveryTransport take(Object key) {
        List<DeliveryTransport> expired = new ArrayList<>();
        DeliveryTransport found = null;
        long now = System.nanoTime();
        synchronized (this) {
            Deque<Idle> kept = idle.get(key);
            while (kept != null && !kept.isEmpty()) {
                // Most recently used first: the likeliest to be still open at the peer.
                Idle i = kept.pollLast();
                if (usable(i, now)) {
                    found = i.transport();
                    break;
                }
                expired.add(i.transport());
            }
            if (kept != null && kept.isEmpty()) {
                idle.remove(key);
            }
        }
        expired.forEach(ConnectionCache::quit);
        return found;
    }

    /** Keeps {@code transport} for the next transaction to the same destination, or closes it when too old. */
    void keep(Object key, DeliveryTransport transport) {
        long now = System.nanoTime();
        if (now - transport.connectedAt() >= REUSE.toNanos()) {
            quit(transport);
            return;
        }
        synchronized (this) {
            idle.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(new Idle(transport, now));
        }
    }

    /** Whether connections are kept (then {@link #closeIdle()} is due within {@link #IDLE}). */
    synchronized boolean isEmpty() {
        return idle.isEmpty();
    }

    /** Closes the connections idle for {@link #IDLE} or longer. */
    void closeIdle() {
        List<DeliveryTransport> expired = new ArrayList<>();
        long now = System.nanoTime();
        synchronized (this) {
            for (Iterator<Deque<Idle>> d = idle.values().iterator(); d.hasNext(); ) {
                Deque<Idle> kept = d.next();
                kept.removeIf(i -> !usable(i, now) && expired.add(i.transport()));
                if (kept.isEmpty()) {
                    d.remove();
                }
            }
        }
        expired.forEach(ConnectionCache::quit);
    }

    /** Closes every kept connection (the server stops). */
    void closeAll() {
        List<DeliveryTransport> all = new ArrayList<>();
        synchronized (this) {
            idle.values().forEach(d -> d.forEach(i -> all.add(i.transport())));
            idle.clear();
        }
        all.forEach(ConnectionCache::quit);
    }

    private static boolean usable(Idle i, long now) {
        return now - i.since() < IDLE.toNanos() && now - i.transport().connectedAt() < REUSE.toNanos();
    }

    /** QUIT without waiting for the reply (mail.smtp.quitwait=false): nothing is pending on it. */
    static void quit(DeliveryTransport transport) {
        try {
            transport.close();
        } catch (MessagingException | RuntimeException e) {
            LOG.log(Level.FINEST, "QUIT on a kept connection failed", e);
        }
    }
}
