package dev.maildock.ejb.delivery;

import java.util.List;

/**
 * A CDI event fired when a message enters the outbound queue (or an administrator asks for a retry);
 * observed after the transaction commits (TransactionPhase.AFTER_SUCCESS) so the queue is tried at
 * once, not at the next poll.
 *
 * @param claimed the message's batches already claimed for this server's workers ({@link Handoff});
 *                empty when the scans are to find it
 */
public record MessageQueued(long messageId, List<ClaimedBatch> claimed) {

    public MessageQueued {
        claimed = List.copyOf(claimed);
    }

    public MessageQueued(long messageId) {
        this(messageId, List.of());
    }
}
