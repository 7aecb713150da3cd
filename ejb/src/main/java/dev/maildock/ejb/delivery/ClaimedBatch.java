package dev.maildock.ejb.delivery;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/**
 * The recipients of one queued message in one destination domain that a worker has claimed: they
 * go to the same servers, so they share one SMTP transaction.
 *
 * @param token       the claim; {@link QueueWork#record} ignores a deferral whose claim lapsed
 * @param reversePath the envelope sender, empty for {@code <>}
 * @param octets      the stored message when the queueing transaction held it in memory (a small
 *                    message handed over at queueing), so the worker need not read the BLOB back;
 *                    null: read it from the store. Never modified.
 */
public record ClaimedBatch(String token, long messageId, long contentId, String reversePath, long size,
                           boolean eightBit, Instant created, String domain, List<Recipient> recipients,
                           byte[] octets)
        implements Serializable {

    public ClaimedBatch {
        recipients = List.copyOf(recipients);
    }

    /** A batch whose message is read from the store. */
    public ClaimedBatch(String token, long messageId, long contentId, String reversePath, long size,
                        boolean eightBit, Instant created, String domain, List<Recipient> recipients) {
        this(token, messageId, contentId, reversePath, size, eightBit, created, domain, recipients, null);
    }

    /** One claimed recipient: its row id and the forward path as the sender wrote it. */
    public record Recipient(long id, String address) implements Serializable {
    }
}
