package dev.maildock.ejb;

import dev.maildock.ejb.delivery.MessageQueued;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps the MessageQueued events that reached the after-commit phase, as the queue's workers
 * (not deployed in these tests) would have received them. Test code only.
 */
@ApplicationScoped
public class QueuedProbe {

    private final Map<Long, MessageQueued> seen = new ConcurrentHashMap<>();

    void queued(@Observes(during = TransactionPhase.AFTER_SUCCESS) MessageQueued event) {
        seen.put(event.messageId(), event);
    }

    /** The event of message {@code id}, or null if none was committed. */
    public MessageQueued of(long id) {
        return seen.get(id);
    }
}
