package dev.maildock.rar.api.imap;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * One message as FETCH reads it.
 *
 * @param size      RFC822.SIZE: the exact octets of the stored message (CRLF line ends)
 * @param structure present when asked for ({@link FetchNeeds#structure()})
 * @param content   the whole message when asked for and small enough, else null
 */
public record FetchedMessage(long uid, Set<SystemFlag> flags, List<String> keywords, long modSeq,
        Instant internalDate, long size, MessageStructure structure, byte[] content) implements Serializable {

    public FetchedMessage {
        flags = Set.copyOf(flags);
        keywords = List.copyOf(keywords);
    }
}
