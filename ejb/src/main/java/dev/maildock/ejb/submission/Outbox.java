package dev.maildock.ejb.submission;

import dev.maildock.ejb.mailbox.MessageSource;

import java.util.Collection;

/**
 * Where {@link MailIntake} puts mail for other servers: the outbound queue, which the delivery
 * package implements. Declared here so that the arrow points one way: delivery uses the door
 * (its notices come in through it), and the door knows the queue only by this interface.
 */
public interface Outbox {

    /**
     * Queues one message for remote recipients in the caller's transaction.
     *
     * @param reversePath the envelope sender without brackets, empty for {@code <>}
     * @param recipients  remote forward paths as written by the sender
     * @param submitter   the authenticated account, or null
     * @param eightBit    whether the message needs 8BITMIME (RFC 6152) to travel as it is
     * @return the OutboundMessage id
     */
    long enqueue(String reversePath, Collection<String> recipients, MessageSource message, String submitter,
                 boolean eightBit);
}
