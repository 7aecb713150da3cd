package dev.maildock.ejb.delivery;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.util.List;

/** Read-only view of the outbound queue for the one who submitted a message. */
@Stateless
public class QueuedRecipients {

    @PersistenceContext(unitName = "maildock")
    private EntityManager em;

    /**
     * "address STATUS" per recipient of queued message {@code id}, when {@code submitter} queued
     * it; empty when there is no such message or it is someone else's.
     */
    public List<String> of(long id, String submitter) {
        return em.createQuery("SELECT r FROM OutboundRecipient r WHERE r.message.id = :id"
                        + " AND r.message.submitter = :submitter ORDER BY r.id", OutboundRecipient.class)
                .setParameter("id", id).setParameter("submitter", submitter).getResultStream()
                .map(r -> r.getAddress() + " " + r.getStatus().name()).toList();
    }
}
