package dev.maildock.provider.spi;

import java.io.Serializable;
import java.util.List;

/**
 * What a committed submission did.
 *
 * @param delivered local recipients now in an INBOX
 * @param queued    remote recipients in the outbound queue
 * @param invalid   recipients left out (only with sendPartial)
 * @param queueId   the outbound queue entry, or null when nothing was queued
 * @param sentUid   the UID of the copy in Sent, or null when none was kept
 */
public record SendReceipt(List<String> delivered, List<String> queued, List<String> invalid, Long queueId,
                          Long sentUid) implements Serializable {

    public SendReceipt {
        delivered = List.copyOf(delivered);
        queued = List.copyOf(queued);
        invalid = List.copyOf(invalid);
    }
}
