package dev.maildock.rar.api.imap;

import java.io.Serializable;

/**
 * What a FETCH needs from the platform beyond UID, flags, MODSEQ, INTERNALDATE and size (always sent).
 *
 * @param structure         the parsed {@link MessageStructure} (ENVELOPE, BODYSTRUCTURE, sections)
 * @param wholeContentLimit send each message's whole content when it is at most this many octets
 *                          (0: no content); a larger one is read in ranges with
 *                          {@link dev.maildock.rar.api.ImapListener#read}
 */
public record FetchNeeds(boolean structure, int wholeContentLimit) implements Serializable {
}
