package dev.maildock.ejb.delivery;

import dev.maildock.ejb.mailbox.ContentStore;
import dev.maildock.ejb.mailbox.MessageSource;
import dev.maildock.ejb.submission.Outbox;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Puts mail for other servers into the persistent outbound queue (the workers deliver it). */
@Stateless
public class OutboundQueue implements Outbox {

    /**
     * Messages up to this size go to the workers in memory with their claims: 32 batches waiting
     * ({@link Handoff}) and 8 in flight hold a few MiB at most.
     */
    static final int HANDED_OVER_IN_MEMORY = 64 * 1024;

    private static final String INSERT_MESSAGE = "INSERT INTO MD_OUTBOUND_MESSAGE"
            + " (REVERSEPATH, CONTENT_ID, SIZE, SUBMITTER, EIGHTBIT, CREATED, DELAYNOTIFIED) VALUES (?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_RECIPIENT = "INSERT INTO MD_OUTBOUND_RECIPIENT"
            + " (MESSAGE_ID, ADDRESS, DOMAIN, STATUS, ATTEMPTS, NEXTATTEMPT, CLAIMTOKEN, CLAIMEDUNTIL) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

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
     * once the transaction commits, with the octets of a small message.
     * <p>
     * The rows are written with plain INSERTs on the transaction's connection rather than through
     * the entities: queueing is on every submission's path, and nothing in this transaction reads
     * the new message back as an entity. (EclipseLink's persist and flush of the two entities was
     * a sixth of the server's CPU while it relayed.)
     *
     * @param reversePath the envelope sender without brackets, empty for {@code <>}
     * @param recipients  remote forward paths as written by the sender
     * @return the OutboundMessage id
     */
    @Override
    public long enqueue(String reversePath, Collection<String> recipients, MessageSource message, String submitter,
                        boolean eightBit) {
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("nothing to queue without a recipient");
        }
        Instant now = Instant.now();
        byte[] octets = message.size() <= HANDED_OVER_IN_MEMORY ? readAll(message) : null;
        long contentId = contents.insert(octets == null ? message : MessageSource.ofBytes(octets), now);
        String node = handoff.claimingNode();
        Timestamp created = Timestamp.from(now);
        Timestamp until = Timestamp.from(now.plus(Handoff.LEASE));
        Map<String, String> tokens = new LinkedHashMap<>();
        Map<String, List<ClaimedBatch.Recipient>> claimed = new LinkedHashMap<>();
        long id;
        try (Connection c = contents.connection();
             PreparedStatement m = contents.prepareInsert(c, INSERT_MESSAGE);
             PreparedStatement r = contents.prepareInsert(c, INSERT_RECIPIENT)) {
            m.setString(1, reversePath);
            m.setLong(2, contentId);
            m.setLong(3, message.size());
            m.setString(4, submitter);
            m.setBoolean(5, eightBit);
            m.setTimestamp(6, created);
            m.setBoolean(7, false);
            id = ContentStore.executeInsert(m);
            for (String recipient : recipients) {
                String domain = OutboundRecipient.domainOf(recipient);
                String token = node == null ? null : tokens.computeIfAbsent(domain, d -> Handoff.token(node));
                r.setLong(1, id);
                r.setString(2, recipient);
                r.setString(3, domain);
                r.setString(4, RecipientStatus.QUEUED.name());
                r.setInt(5, 0);
                r.setTimestamp(6, created);
                r.setString(7, token);
                r.setTimestamp(8, token == null ? null : until);
                long recipientId = ContentStore.executeInsert(r);
                claimed.computeIfAbsent(domain, d -> new ArrayList<>()).add(new ClaimedBatch.Recipient(recipientId, recipient));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The message could not be queued", e);
        }
        List<ClaimedBatch> batches = new ArrayList<>();
        if (node != null) {
            tokens.forEach((domain, token) -> batches.add(new ClaimedBatch(token, id, contentId, reversePath,
                    message.size(), eightBit, now, domain, claimed.get(domain), octets)));
        }
        wakeUp.fire(new MessageQueued(id, batches));
        return id;
    }

    private static byte[] readAll(MessageSource message) {
        try (InputStream in = message.open()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("The message could not be read from its spool", e);
        }
    }
}
