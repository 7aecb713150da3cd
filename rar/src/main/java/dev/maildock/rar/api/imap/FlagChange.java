package dev.maildock.rar.api.imap;

import java.io.Serializable;
import java.util.List;
import java.util.Set;

/**
 * One STORE: which flags to add, remove or replace with.
 *
 * @param unchangedSince RFC 7162 UNCHANGEDSINCE: change only messages whose MODSEQ is not above it;
 *                       -1 when the client gave none
 */
public record FlagChange(Operation operation, Set<SystemFlag> flags, List<String> keywords, long unchangedSince)
        implements Serializable {

    public enum Operation { ADD, REMOVE, REPLACE }

    public FlagChange {
        flags = Set.copyOf(flags);
        keywords = List.copyOf(keywords);
    }
}
