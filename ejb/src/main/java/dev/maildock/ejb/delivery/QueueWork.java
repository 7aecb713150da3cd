package dev.maildock.ejb.delivery;

import dev.maildock.ejb.mailbox.ContentStore;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The queue's bookkeeping, each method one short transaction: claiming due work, and recording
 * what an attempt did. The SMTP conversation itself runs between the two, outside any
 * transaction, so no row lock is held while a remote server takes its time.
 * <p>
 * Claims are leases in the rows (CLAIMTOKEN, CLAIMEDUNTIL), so they hold across servers sharing one
 * PostgreSQL: candidates are picked with {@code FOR UPDATE SKIP LOCKED} (servers do not queue
 * behind each other's picks) and each row is taken by a conditional UPDATE, which only one
 * transaction can win. Derby (one server) takes the same UPDATEs without SKIP LOCKED.
 */
@Stateless
public class QueueWork {

    private static final Logger LOG = Logger.getLogger(QueueWork.class.getName());

    private static final String DUE = "STATUS = 'QUEUED' AND NEXTATTEMPT <= ? AND (CLAIMEDUNTIL IS NULL OR CLAIMEDUNTIL < ?)";

    @PersistenceContext(unitName = "maildock")
    private EntityManager em;

    @Inject
    private ContentStore store;

    @EJB
    private DeliveryNotices notices;

    /**
     * Drops the claims this server held before it stopped (or crashed): nothing of this node is in
     * flight at start, so its recipients need not wait out their lease.
     */
    public int releaseClaims(String node) {
        return em.createNativeQuery("UPDATE MD_OUTBOUND_RECIPIENT SET CLAIMTOKEN = NULL, CLAIMEDUNTIL = NULL WHERE CLAIMTOKEN LIKE ?")
                .setParameter(1, node + ":%").executeUpdate();
    }

    /** Gives back one claim that could not be worked on (no worker thread was available). */
    public void release(String token) {
        em.createNativeQuery("UPDATE MD_OUTBOUND_RECIPIENT SET CLAIMTOKEN = NULL, CLAIMEDUNTIL = NULL WHERE CLAIMTOKEN = ?")
                .setParameter(1, token).executeUpdate();
    }

    /**
     * Claims up to {@code maxBatches} batches of due recipients, oldest due first; each batch is
     * every due recipient of one message in one domain.
     */
    public List<ClaimedBatch> claim(String node, int maxBatches, Duration lease) {
        Instant now = Instant.now();
        Timestamp nowTs = Timestamp.from(now);
        @SuppressWarnings("unchecked")
        List<Object[]> due = em.createNativeQuery("SELECT MESSAGE_ID, DOMAIN FROM MD_OUTBOUND_RECIPIENT WHERE " + DUE
                        + " ORDER BY NEXTATTEMPT FETCH FIRST " + (maxBatches * 4) + " ROWS ONLY"
                        + (store.isPostgres() ? " FOR UPDATE SKIP LOCKED" : ""))
                .setParameter(1, nowTs).setParameter(2, nowTs).getResultList();
        Set<List<Object>> pairs = new LinkedHashSet<>();
        for (Object[] row : due) {
            pairs.add(List.of(((Number) row[0]).longValue(), row[1]));
        }
        List<ClaimedBatch> batches = new ArrayList<>();
        Timestamp until = Timestamp.from(now.plus(lease));
        for (List<Object> pair : pairs) {
            if (batches.size() >= maxBatches) {
                break;
            }
            String token = Handoff.token(node);
            @SuppressWarnings("unchecked")
            List<Number> ids = em.createNativeQuery("SELECT ID FROM MD_OUTBOUND_RECIPIENT WHERE MESSAGE_ID = ? AND DOMAIN = ? AND "
                            + DUE + " ORDER BY ID")
                    .setParameter(1, pair.get(0)).setParameter(2, pair.get(1))
                    .setParameter(3, nowTs).setParameter(4, nowTs).getResultList();
            int taken = 0;
            for (Number id : ids) {
                // Only one transaction can turn an unclaimed (or lapsed) row into its own claim:
                // a competitor's UPDATE waits for the row lock, then finds the condition false.
                taken += em.createNativeQuery("UPDATE MD_OUTBOUND_RECIPIENT SET CLAIMTOKEN = ?, CLAIMEDUNTIL = ? WHERE ID = ? AND "
                                + "STATUS = 'QUEUED' AND (CLAIMEDUNTIL IS NULL OR CLAIMEDUNTIL < ?)")
                        .setParameter(1, token).setParameter(2, until).setParameter(3, id.longValue())
                        .setParameter(4, nowTs).executeUpdate();
            }
            if (taken > 0) {
                batches.add(load(token, ((Number) pair.get(0)).longValue(), (String) pair.get(1)));
            }
        }
        return batches;
    }

    private ClaimedBatch load(String token, long messageId, String domain) {
        Object[] m = (Object[]) em.createNativeQuery(
                        "SELECT CONTENT_ID, REVERSEPATH, SIZE, EIGHTBIT, CREATED FROM MD_OUTBOUND_MESSAGE WHERE ID = ?")
                .setParameter(1, messageId).getSingleResult();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT ID, ADDRESS FROM MD_OUTBOUND_RECIPIENT WHERE CLAIMTOKEN = ? ORDER BY ID")
                .setParameter(1, token).getResultList();
        List<ClaimedBatch.Recipient> recipients = rows.stream()
                .map(r -> new ClaimedBatch.Recipient(((Number) r[0]).longValue(), (String) r[1])).toList();
        return new ClaimedBatch(token, messageId, ((Number) m[0]).longValue(), (String) m[1], ((Number) m[2]).longValue(),
                bool(m[3]), ((Timestamp) m[4]).toInstant(), domain, recipients);
    }

    private static boolean bool(Object value) {
        return value instanceof Boolean b ? b : value instanceof Number n && n.intValue() != 0;
    }

    /** One attempt's outcome, to be recorded. */
    public record Attempt(ClaimedBatch batch, List<RecipientOutcome> outcomes, OutboundSettings settings) {
    }

    /**
     * Records several attempts in one transaction: one log flush for all of them. When it throws,
     * nothing was recorded (the caller then records them one by one).
     */
    public void recordAll(List<Attempt> attempts) {
        for (Attempt a : attempts) {
            record(a.batch(), a.outcomes(), a.settings());
        }
    }

    /**
     * Records one attempt: delivered and failed recipients are finished, deferred ones get their
     * next attempt (or fail once the message outlived maildock.queue.lifetime). Failures and the one
     * delay notice go to the sender as DSNs in this same transaction; a message with no recipient
     * left is removed. Outcomes for recipients no longer queued (deleted by an administrator) are
     * ignored, and so is a deferral under a claim that lapsed (another worker holds the recipient).
     */
    public void record(ClaimedBatch batch, List<RecipientOutcome> outcomes, OutboundSettings settings) {
        if (finishedByThis(batch, outcomes)) {
            return;
        }
        OutboundMessage message = em.find(OutboundMessage.class, batch.messageId());
        if (message == null) {
            return;
        }
        Instant now = Instant.now();
        List<OutboundRecipient> failed = new ArrayList<>();
        for (RecipientOutcome outcome : outcomes) {
            OutboundRecipient r = em.find(OutboundRecipient.class, outcome.recipientId());
            if (r == null || r.getStatus() != RecipientStatus.QUEUED) {
                continue;
            }
            if (outcome.result() == RecipientOutcome.Result.DEFERRED && !batch.token().equals(r.getClaimToken())) {
                // The claim lapsed and another worker holds the recipient now: its attempt decides
                // when to try again, and its claim must stay. A 250 or a 5xx is a fact and is
                // recorded whoever holds the claim (a repeat would be a duplicate or a second bounce).
                continue;
            }
            r.setAttempts(r.getAttempts() + 1);
            r.setLastAttempt(now);
            r.setLastReply(outcome.reply());
            r.setStatusCode(outcome.status());
            r.setRemoteMta(outcome.remoteMta());
            r.releaseClaim();
            switch (outcome.result()) {
                case DELIVERED -> r.setStatus(RecipientStatus.DELIVERED);
                case FAILED -> {
                    r.setStatus(RecipientStatus.FAILED);
                    failed.add(r);
                }
                case DEFERRED -> {
                    if (!now.isBefore(message.getCreated().plus(settings.lifetime()))) {
                        // RFC 3463 4.4.7: the message outlived the queue's lifetime; the last
                        // temporary reply stays the diagnostic.
                        r.setStatus(RecipientStatus.FAILED);
                        r.setStatusCode("4.4.7");
                        failed.add(r);
                    } else {
                        r.setNextAttempt(now.plus(settings.retryAfter(r.getAttempts())));
                    }
                }
            }
        }
        if (!failed.isEmpty()) {
            notices.failed(message, batch.contentId(), failed, settings);
        }
        List<OutboundRecipient> waiting = message.getRecipients().stream()
                .filter(r -> r.getStatus() == RecipientStatus.QUEUED).toList();
        if (!waiting.isEmpty() && !message.isDelayNotified()
                && !now.isBefore(message.getCreated().plus(settings.delayWarning()))) {
            message.setDelayNotified(true);
            notices.delayed(message, batch.contentId(), waiting, settings);
        }
        if (waiting.isEmpty()) {
            remove(message);
        }
    }

    /**
     * The common case in a few statements and no entities: every recipient of this attempt was
     * delivered, and no other recipient of the message is still queued (other domains are done,
     * or there are none). The message is then finished, exactly as the general path of
     * {@link #record} would end: the recipients' final states would be deleted with it, no DSN is
     * due (nothing failed) and no delay notice (nothing waits). Returns false, having changed
     * nothing, when that is not the case.
     */
    private boolean finishedByThis(ClaimedBatch batch, List<RecipientOutcome> outcomes) {
        if (outcomes.isEmpty() || outcomes.stream().anyMatch(o -> o.result() != RecipientOutcome.Result.DELIVERED)) {
            return false;
        }
        Set<Long> delivered = outcomes.stream().map(RecipientOutcome::recipientId).collect(Collectors.toSet());
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT ID, CLAIMTOKEN FROM MD_OUTBOUND_RECIPIENT WHERE MESSAGE_ID = ? AND STATUS = 'QUEUED'")
                .setParameter(1, batch.messageId()).getResultList();
        if (rows.isEmpty()) {
            return false; // gone, or changed meanwhile: the general path knows what to do
        }
        for (Object[] row : rows) {
            if (!delivered.contains(((Number) row[0]).longValue()) || !batch.token().equals(row[1])) {
                return false;
            }
        }
        em.createNativeQuery("DELETE FROM MD_OUTBOUND_RECIPIENT WHERE MESSAGE_ID = ?").setParameter(1, batch.messageId()).executeUpdate();
        em.createNativeQuery("DELETE FROM MD_OUTBOUND_MESSAGE WHERE ID = ?").setParameter(1, batch.messageId()).executeUpdate();
        finished(batch.messageId(), batch.contentId());
        return true;
    }

    /**
     * Removes a finished message and its stored bytes, which belong to it alone (
     * {@link OutboundQueue#enqueue} stores a content row for each queued message).
     */
    public void remove(OutboundMessage message) {
        // The id from the row, so the content (with its BLOB) is not loaded only to be deleted.
        long contentId = ((Number) em.createNativeQuery("SELECT CONTENT_ID FROM MD_OUTBOUND_MESSAGE WHERE ID = ?")
                .setParameter(1, message.getId()).getSingleResult()).longValue();
        long id = message.getId();
        em.remove(message);
        em.flush();
        finished(id, contentId);
    }

    /** The end of both ways a message is finished: its stored bytes go, and one log line says so. */
    private void finished(long messageId, long contentId) {
        em.createNativeQuery("DELETE FROM MD_MESSAGE_CONTENT WHERE ID = ?").setParameter(1, contentId).executeUpdate();
        LOG.fine(() -> "MAILDOCK0801I: Queue entry " + messageId + " finished.");
    }
}
