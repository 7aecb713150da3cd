package dev.maildock.ejb.submission;

import dev.maildock.ejb.account.DirectoryChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Recent answers of {@link Recipients}: whether a domain is local, which accounts an address
 * reaches, and each account's quota. Every message asks them at RCPT and again when it is filed,
 * and a busy MX asks for the same few addresses all day; each answer costs database queries, so it
 * is kept briefly.
 * <p>
 * Changes made on this server (see {@link DirectoryChanged}) are seen at once: the cache is
 * cleared when their transaction commits, and an answer loaded while a change was committing is
 * not kept. Changes made by another server sharing the database are seen within
 * {@link #TTL_NANOS} (like Postfix's proxymap and Dovecot's auth cache, a few seconds late at worst).
 */
@ApplicationScoped
public class ResolutionCache {

    /** How long an answer is trusted when nothing on this server changed the directory. */
    static final long TTL_NANOS = 5_000_000_000L;
    /** Bounds memory against RCPT probes for random addresses: past this, start again. */
    static final int MAX_ENTRIES = 10_000;

    private final AtomicLong generation = new AtomicLong();
    private final Map<String, Answer<Boolean>> domains = new ConcurrentHashMap<>();
    private final Map<String, Answer<Set<String>>> addresses = new ConcurrentHashMap<>();
    private final Map<String, Answer<Long>> quotas = new ConcurrentHashMap<>();

    boolean isLocal(String domain, Supplier<Boolean> lookUp) {
        return answer(domains, domain, lookUp);
    }

    Set<String> resolve(String address, Supplier<Set<String>> lookUp) {
        return answer(addresses, address, lookUp);
    }

    /** An account's quota in octets (0: none); usage is never cached, it changes with every message. */
    long quota(String account, Supplier<Long> lookUp) {
        return answer(quotas, account, lookUp);
    }

    void changed(@Observes(during = TransactionPhase.AFTER_SUCCESS) DirectoryChanged event) {
        generation.incrementAndGet();
        domains.clear();
        addresses.clear();
        quotas.clear();
    }

    private <T> T answer(Map<String, Answer<T>> cache, String key, Supplier<T> lookUp) {
        long now = System.nanoTime();
        long current = generation.get();
        Answer<T> known = cache.get(key);
        if (known != null && known.generation == current && now - known.loaded < TTL_NANOS) {
            return known.value;
        }
        T value = lookUp.get();
        // Kept only if no change committed while it was being looked up (it may predate it).
        if (generation.get() == current) {
            if (cache.size() >= MAX_ENTRIES) {
                cache.clear();
            }
            cache.put(key, new Answer<>(value, current, now));
        }
        return value;
    }

    private record Answer<T>(T value, long generation, long loaded) {
    }
}
