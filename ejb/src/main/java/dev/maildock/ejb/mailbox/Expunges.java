package dev.maildock.ejb.mailbox;

import dev.maildock.ejb.common.InLists;
import jakarta.persistence.EntityManager;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Removing messages from a folder, the one way every path does it (webmail, provider, POP3 QUIT,
 * IMAP EXPUNGE and MOVE): the folder's MODSEQ goes up once, each removed UID is written to the
 * expunge log ({@link ExpungedEntry}) at that MODSEQ, and contents no entry refers to any more go.
 */
public final class Expunges {

    /**
     * How long expunge-log rows are kept: QRESYNC clients (phones, mostly) come back after days
     * offline and are told their expunges from the log (RFC 7162 section 3.2.5). One who comes
     * back later still gets a correct answer, only a longer one: every UID it asks about that
     * the mailbox lacks ({@link Folder#getPrunedModSeq}). Rows of a folder are pruned when that
     * folder next expunges (no timer, no scan of quiet folders).
     */
    public static final Duration RETENTION = Duration.ofDays(30);

    private Expunges() {
    }

    /**
     * Removes {@code doomed} (entries of {@code folder}, which the caller has locked) in the
     * caller's transaction; returns their UIDs in the order given.
     */
    public static List<Long> remove(EntityManager em, Folder folder, List<MailboxEntry> doomed) {
        List<Long> uids = new ArrayList<>(doomed.size());
        if (doomed.isEmpty()) {
            return uids;
        }
        List<Long> ids = new ArrayList<>(doomed.size());
        for (MailboxEntry entry : doomed) {
            uids.add(entry.getUid());
            ids.add(entry.getId());
        }
        logRemoved(em, folder, uids);
        // By statement, a slice at a time: the entries' lazy content would cost a query each.
        List<Long> contents = new ArrayList<>();
        for (List<Long> slice : InLists.slices(ids)) {
            contents.addAll(em.createQuery("SELECT DISTINCT e.content.id FROM MailboxEntry e WHERE e.id IN :ids",
                    Long.class).setParameter("ids", slice).getResultList());
            em.createQuery("DELETE FROM MailboxEntry e WHERE e.id IN :ids").setParameter("ids", slice).executeUpdate();
        }
        doomed.forEach(em::detach);
        ContentReferences.deleteUnreferenced(em, contents);
        return uids;
    }

    /** Logs removals made by a bulk statement (POP3 QUIT, RENAME INBOX) of these UIDs of the locked {@code folder}. */
    public static void logRemoved(EntityManager em, Folder folder, Collection<Long> uids) {
        long modSeq = folder.takeModSeq();
        Instant now = Instant.now();
        for (long uid : uids) {
            em.persist(new ExpungedEntry(folder.getId(), uid, modSeq, now));
        }
        prune(em, folder, now);
    }

    /** Drops the log of a folder that is being deleted: its id never comes back. */
    static void forgetFolder(EntityManager em, long folderId) {
        em.createQuery("DELETE FROM ExpungedEntry x WHERE x.folderId = :f").setParameter("f", folderId).executeUpdate();
    }

    /**
     * Rows older than {@link #RETENTION}: MODSEQs grow with time, so they are the ones up to the
     * highest MODSEQ among them, which the folder remembers as pruned. Asked first of the oldest
     * row alone (one probe of the MODSEQ index), as nearly every expunge finds nothing to prune.
     */
    private static void prune(EntityManager em, Folder folder, Instant now) {
        Instant cutoff = now.minus(RETENTION);
        boolean due = em.createQuery("SELECT x.expunged FROM ExpungedEntry x WHERE x.folderId = :f ORDER BY x.modSeq",
                Instant.class).setParameter("f", folder.getId()).setMaxResults(1).getResultStream()
                .anyMatch(oldest -> oldest.isBefore(cutoff));
        if (!due) {
            return;
        }
        Long upTo = em.createQuery("SELECT MAX(x.modSeq) FROM ExpungedEntry x WHERE x.folderId = :f AND x.expunged < :cutoff",
                Long.class).setParameter("f", folder.getId()).setParameter("cutoff", cutoff).getSingleResult();
        folder.prunedUpTo(upTo);
        em.createQuery("DELETE FROM ExpungedEntry x WHERE x.folderId = :f AND x.modSeq <= :m")
                .setParameter("f", folder.getId()).setParameter("m", upTo).executeUpdate();
    }
}
