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
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Puts mail for other servers into the persistent outbound queue (the workers deliver it). */
@Stateless
public class OutboundQueue {

    @PersistenceContext(unitName = "maildock")
    private EntityManager em;

    @Inject
    private ContentStore contents;

    @Inject
    private Event<MessageQueued> wakeUp;

    @Inject
    private Handoff handoff;

    /**
     * Queues one message for remote recipients in the caller's transaction: when the caller's
     * 250 (or Transport.send) returns, the queue has it. While this server's workers have room
     * ({@link Handoff}), the recipients are claimed for them in the same rows, and handed over
     * once the transaction commits.
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
        String node = handoff.claimingNode();
        Map<String, String> tokens = new LinkedHashMap<>();
        Instant until = now.plus(Handoff.LEASE);
        for (String recipient : recipients) {
            OutboundRecipient r = queued.addRecipient(recipient, now);
            if (node != null) {
                r.claim(tokens.computeIfAbsent(r.getDomain(), d -> Handoff.token(node)), until);
            }
        }
        em.persist(queued);
        em.flush();
        wakeUp.fire(new MessageQueued(queued.getId(), node == null ? List.of() : batches(queued, contentId, tokens)));
        return queued.getId();
    }

    /** The claimed recipients per destination domain, as a queue scan would have loaded them. */
    private static List<ClaimedBatch> batches(OutboundMessage queued, long contentId, Map<String, String> tokens) {
        List<ClaimedBatch> batches = new ArrayList<>();
        tokens.forEach((domain, token) -> batches.add(new ClaimedBatch(token, queued.getId(), contentId,
                queued.getReversePath(), queued.getSize(), queued.isEightBit(), queued.getCreated(), domain,
                queued.getRecipients().stream().filter(r -> r.getDomain().equals(domain))
                        .map(r -> new ClaimedBatch.Recipient(r.getId(), r.getAddress())).toList())));
        return batches;
    }
}
