package dev.maildock.ejb.submission;

/**
 * What committing a {@link Routing} created.
 *
 * @param queueId the OutboundMessage id, or null when nothing was queued
 * @param sentUid the UID of the copy in the submitter's Sent folder, or null when none was kept
 */
public record Filing(Long queueId, Long sentUid) {
}
