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
 */
public record Routing(String reversePath, Set<String> localTargets, List<String> remote, MessageSource message,
                      String submitter, boolean eightBit) {

    public Routing {
        localTargets = Set.copyOf(localTargets);
        remote = List.copyOf(remote);
    }
}
