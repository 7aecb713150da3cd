package dev.maildock.ejb.delivery;

import java.io.Serializable;

/**
 * What one delivery attempt did for one recipient.
 *
 * @param recipientId the OutboundRecipient row
 * @param status      RFC 3463 status code (2.0.0, 4.4.1, 5.1.1...)
 * @param reply       the server's reply or the local reason, one line, for the queue view and the DSN
 * @param remoteMta   the host that answered, or null when none did
 */
public record RecipientOutcome(long recipientId, Result result, String status, String reply, String remoteMta)
        implements Serializable {

    public enum Result {
        /** 2xx after the data: the remote server has it. */
        DELIVERED,
        /** 4xx, no connection, timeout, DNS trouble: try again later. */
        DEFERRED,
        /** 5xx or a permanent routing failure (null MX, no such domain). */
        FAILED
    }
}
