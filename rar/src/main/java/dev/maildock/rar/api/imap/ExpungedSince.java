package dev.maildock.rar.api.imap;

import java.io.Serializable;

/**
 * What the expunge log says about a QRESYNC client's MODSEQ (RFC 7162 sections 3.2.5 and 3.2.6).
 *
 * @param uids     the UIDs asked about that were expunged after the MODSEQ, ascending
 * @param complete false when the log no longer reaches back to that MODSEQ (its older rows were
 *                 pruned): {@code uids} is then empty and the session counts every UID asked about
 *                 that its view lacks as vanished, which is correct but longer
 */
public record ExpungedSince(long[] uids, boolean complete) implements Serializable {

    public ExpungedSince {
        uids = uids.clone();
    }
}
