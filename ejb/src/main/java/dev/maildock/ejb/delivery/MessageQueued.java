package dev.maildock.ejb.delivery;

/**
 * A CDI event fired when a message enters the outbound queue; observed after the transaction
 * commits (TransactionPhase.AFTER_SUCCESS) so the queue is tried at once, not at the next poll.
 */
public record MessageQueued(long messageId) {
}
