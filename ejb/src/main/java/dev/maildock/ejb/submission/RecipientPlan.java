package dev.maildock.ejb.submission;

import java.io.Serializable;
import java.util.List;
import java.util.Set;

/**
 * Recipients sorted by where they go.
 *
 * @param local   the addresses (as given) that are local and reach at least one account
 * @param targets the local accounts those reach, each once
 * @param remote  addresses in other domains, for the outbound queue
 * @param invalid addresses that are malformed or local but reach nobody
 */
public record RecipientPlan(List<String> local, Set<String> targets, List<String> remote, List<String> invalid)
        implements Serializable {

    public RecipientPlan {
        local = List.copyOf(local);
        targets = Set.copyOf(targets);
        remote = List.copyOf(remote);
        invalid = List.copyOf(invalid);
    }

    public boolean hasInvalid() {
        return !invalid.isEmpty();
    }
}
