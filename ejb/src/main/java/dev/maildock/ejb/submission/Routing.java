package dev.maildock.ejb.submission;

import dev.maildock.ejb.mailbox.MessageSource;

import java.util.List;
import java.util.Set;

/**
 * One accepted message with its recipients sorted: the local accounts to file it for and the
 * remote addresses to queue it for. What {@link SubmissionService#route} commits.
 *
 * @param reversePath  the envelope sender without brackets, empty for {@code <>}
 * @param localTargets local accounts (lower case)
 * @param remote       remote forward paths as written
 * @param submitter    the authenticated account, or null
 * @param sentCopy     the message as the submitter wrote it, to keep in their Sent folder in the
 *                     same transaction; null for none
 */
public record Routing(String reversePath, Set<String> localTargets, List<String> remote, MessageSource message,
                      String submitter, boolean eightBit, MessageSource sentCopy) {

    public Routing {
        localTargets = Set.copyOf(localTargets);
        remote = List.copyOf(remote);
        if (sentCopy != null && submitter == null) {
            throw new IllegalArgumentException("a Sent copy needs the submitting account");
        }
    }

    /** A routing that keeps no Sent copy (received mail, notices). */
    public Routing(String reversePath, Set<String> localTargets, List<String> remote, MessageSource message,
                   String submitter, boolean eightBit) {
        this(reversePath, localTargets, remote, message, submitter, eightBit, null);
    }

    /** Octets the commit writes: batching decisions go by it. */
    long size() {
        return message.size() + (sentCopy == null ? 0 : sentCopy.size());
    }
}
