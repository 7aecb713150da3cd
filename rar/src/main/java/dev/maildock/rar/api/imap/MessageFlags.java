package dev.maildock.rar.api.imap;

import java.io.Serializable;
import java.util.List;
import java.util.Set;

/** The flags of one message and the MODSEQ of their last change. */
public record MessageFlags(long uid, Set<SystemFlag> flags, List<String> keywords, long modSeq)
        implements Serializable {

    public MessageFlags {
        flags = Set.copyOf(flags);
        keywords = List.copyOf(keywords);
    }
}
