package dev.maildock.rar.api.imap;

import java.io.Serializable;
import java.util.List;

/**
 * A mailbox as SELECT or EXAMINE opens it.
 *
 * @param mailboxId      the folder's id
 * @param uidValidity    its UIDVALIDITY
 * @param uidNext        the UID the next message will get
 * @param highestModSeq  the highest MODSEQ of any change in it so far (RFC 7162); later changes are
 *                       asked for with {@link dev.maildock.rar.api.ImapListener#changes}
 * @param uids           the UIDs of its messages, ascending: message sequence number n is {@code uids[n-1]}
 * @param firstUnseenUid the UID of the first message without {@code \Seen}, 0 if none
 * @param keywords       the keywords used in the mailbox (for FLAGS and PERMANENTFLAGS)
 * @param firstRecentUid messages from this UID up are {@code \Recent} to the session (IMAP4rev1,
 *                       RFC 3501 section 2.3.2): claimed by this SELECT, or for EXAMINE those no
 *                       session has claimed yet
 */
public record Selection(long mailboxId, long uidValidity, long uidNext, long highestModSeq, long[] uids,
        long firstUnseenUid, List<String> keywords, long firstRecentUid) implements Serializable {

    public Selection {
        keywords = List.copyOf(keywords);
    }
}
