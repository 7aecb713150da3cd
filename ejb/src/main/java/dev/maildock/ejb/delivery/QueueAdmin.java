package dev.maildock.ejb.delivery;

import dev.maildock.ejb.common.NotFoundException;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.time.Instant;
import java.util.List;
import java.util.logging.Logger;

/** The administrator's view of the outbound queue: list, retry now, delete (optionally with a DSN). */
@Stateless
public class QueueAdmin {

    private static final Logger LOG = Logger.getLogger(QueueAdmin.class.getName());

    @PersistenceContext(unitName = "maildock")
    private EntityManager em;

    @EJB
    private QueueWork work;

    @EJB
    private DeliveryNotices notices;

    @Inject
    private OutboundVariables variables;

    @Inject
    private Event<MessageQueued> wakeUp;

    /** Every message in the queue, oldest first. */
    public List<QueueEntryView> list() {
        return em.createQuery("SELECT m FROM OutboundMessage m ORDER BY m.created, m.id", OutboundMessage.class)
                .getResultStream().map(QueueEntryView::of).toList();
    }

    public QueueEntryView get(long id) {
        return QueueEntryView.of(find(id));
    }

    /** Makes every waiting recipient of the message due now and wakes the workers (after commit). */
    public QueueEntryView retryNow(long id) {
        OutboundMessage message = find(id);
        Instant now = Instant.now();
        for (OutboundRecipient r : message.getRecipients()) {
            if (r.getStatus() == RecipientStatus.QUEUED && r.getNextAttempt().isAfter(now)) {
                r.setNextAttempt(now);
            }
        }
        wakeUp.fire(new MessageQueued(id));
        LOG.info(() -> "MAILDOCK0830I: Queue entry " + id + " is to be retried now (administrator).");
        return QueueEntryView.of(message);
    }

    /**
     * Removes the message from the queue; its waiting recipients are cancelled, and with
     * {@code notify} the sender gets a failure DSN for them.
     */
    public void delete(long id, boolean notify) {
        OutboundMessage message = find(id);
        List<OutboundRecipient> cancelled = message.getRecipients().stream()
                .filter(r -> r.getStatus() == RecipientStatus.QUEUED).toList();
        for (OutboundRecipient r : cancelled) {
            r.setStatus(RecipientStatus.CANCELLED);
            r.setStatusCode("5.0.0");
            r.setLastReply("deleted from the queue by the administrator"
                    + (r.getLastReply() == null ? "" : "; last reply: " + r.getLastReply()));
        }
        if (notify && !cancelled.isEmpty()) {
            long contentId = ((Number) em.createNativeQuery("SELECT CONTENT_ID FROM MD_OUTBOUND_MESSAGE WHERE ID = ?")
                    .setParameter(1, id).getSingleResult()).longValue();
            notices.failed(message, contentId, cancelled, variables.current());
        }
        work.remove(message);
        LOG.info(() -> "MAILDOCK0831I: Queue entry " + id + " deleted by the administrator (" + cancelled.size()
                + " recipient(s) cancelled" + (notify ? ", sender notified" : "") + ").");
    }

    private OutboundMessage find(long id) {
        OutboundMessage message = em.find(OutboundMessage.class, id);
        if (message == null) {
            throw new NotFoundException("no queue entry " + id);
        }
        return message;
    }
}
