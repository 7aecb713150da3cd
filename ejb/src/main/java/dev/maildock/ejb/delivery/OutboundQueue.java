package dev.maildock.ejb.delivery;

import dev.maildock.ejb.mailbox.ContentStore;
import dev.maildock.ejb.mailbox.MessageContent;
import dev.maildock.ejb.mailbox.MessageSource;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.time.Instant;
import java.util.Collection;

/** Puts mail for other servers into the persistent outbound queue (the workers deliver it). */
@Stateless
public class OutboundQueue {

    @PersistenceContext(unitName = "maildock")
    private EntityManager em;

    @Inject
    private ContentStore contents;

    @Inject
    private Event<MessageQueued> wakeUp;

    /**
     * Queues one message for remote recipients in the caller's transaction: when the caller's
     * 250 (or Transport.send) returns, the queue has it.
     *
     * @param reversePath the envelope sender without brackets, empty for {@code <>}
     * @param recipients  remote forward paths as written by the sender
     * @return the OutboundMessage id
     */
    public long enqueue(String reversePath, Collection<String> recipients, MessageSource message, String submitter,
                        boolean eightBit) {
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("nothing to queue without a recipient");
        }
        Instant now = Instant.now();
        long contentId = contents.insert(message, now);
        OutboundMessage queued = new OutboundMessage(reversePath, em.getReference(MessageContent.class, contentId),
                message.size(), submitter, eightBit, now);
        for (String recipient : recipients) {
            queued.addRecipient(recipient, now);
        }
        em.persist(queued);
        em.flush();
        wakeUp.fire(new MessageQueued(queued.getId()));
        return queued.getId();
    }
}
