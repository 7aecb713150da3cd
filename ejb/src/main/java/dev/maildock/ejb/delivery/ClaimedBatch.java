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
 */
public record ClaimedBatch(String token, long messageId, long contentId, String reversePath, long size,
                           boolean eightBit, Instant created, String domain, List<Recipient> recipients)
        implements Serializable {

    public ClaimedBatch {
        recipients = List.copyOf(recipients);
    }

    /** One claimed recipient: its row id and the forward path as the sender wrote it. */
    public record Recipient(long id, String address) implements Serializable {
    }
}
