package dev.maildock.ejb.submission;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Recipients sorted by where they go.
 *
 * @param local   the addresses (as given) that are local and reach at least one account
 * @param targets the local accounts those reach, each once
 * @param remote  addresses in other domains, for the outbound queue
 * @param invalid addresses that are malformed or local but reach nobody
 * @param full    local addresses (as given) whose every account is at or over its quota: valid, but
 *                refused for now (SMTP would answer 452 4.2.2); not in {@code local}
 */
public record RecipientPlan(List<String> local, Set<String> targets, List<String> remote, List<String> invalid,
                            List<String> full) implements Serializable {

    public RecipientPlan {
        local = List.copyOf(local);
        targets = Set.copyOf(targets);
        remote = List.copyOf(remote);
        invalid = List.copyOf(invalid);
        full = List.copyOf(full);
    }

    public boolean hasInvalid() {
        return !invalid.isEmpty();
    }

    /** Whether some recipient cannot take the message: invalid, or with a full mailbox. */
    public boolean refuses() {
        return !invalid.isEmpty() || !full.isEmpty();
    }

    /** Whether some recipient can take the message now. */
    public boolean reachesSomeone() {
        return !local.isEmpty() || !remote.isEmpty();
    }

    /** The addresses that are not invalid: a full mailbox is valid, only not sendable now (as a 452 RCPT). */
    public List<String> valid() {
        List<String> valid = new ArrayList<>(local);
        valid.addAll(remote);
        valid.addAll(full);
        return valid;
    }

    /** This plan for the valid addresses only: what a partial send (sendpartial) goes by. */
    public RecipientPlan withoutInvalid() {
        return new RecipientPlan(local, targets, remote, List.of(), full);
    }
}
