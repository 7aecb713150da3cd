package dev.maildock.ejb.submission;

import java.io.Serializable;
import java.util.List;

/**
 * What became of a submission that was committed.
 *
 * @param delivered    local recipients now in an INBOX
 * @param queued       remote recipients in the outbound queue
 * @param invalid      invalid recipients left out of a partial send (else none)
 * @param queueId      the OutboundMessage id, or null when nothing was queued
 * @param sentUid      the UID of the copy in Sent, or null when none was kept
 */
public record SubmissionReceipt(List<String> delivered, List<String> queued, List<String> invalid, Long queueId,
                                Long sentUid) implements Serializable {
}
