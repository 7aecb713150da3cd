package dev.maildock.ejb.mailbox;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

import java.util.Collection;
import java.util.TreeSet;

/**
 * Message content is stored once and shared (several recipients, copies between folders); a row
 * goes only when no folder entry and no queued outbound message refers to it any more.
 */
final class ContentReferences {

    private ContentReferences() {
    }

    static void deleteUnreferenced(EntityManager em, Collection<Long> contentIds) {
        // SQL, one statement per row: EclipseLink's bulk DELETE with these NOT EXISTS made Derby
        // scan the whole content table on every EXPUNGE (a wall-clock profile of imaptest's stress
        // on a benchmark database of 86,000 contents: 56 % of the platform's time); this statement
        // is one primary-key probe and two index probes (ij's runtime statistics).
        Query delete = em.createNativeQuery("DELETE FROM MD_MESSAGE_CONTENT WHERE ID = ?"
                + " AND NOT EXISTS (SELECT 1 FROM MD_MAILBOX_ENTRY e WHERE e.CONTENT_ID = MD_MESSAGE_CONTENT.ID)"
                + " AND NOT EXISTS (SELECT 1 FROM MD_OUTBOUND_MESSAGE o WHERE o.CONTENT_ID = MD_MESSAGE_CONTENT.ID)");
        for (Long id : new TreeSet<>(contentIds)) {
            delete.setParameter(1, id).executeUpdate();
        }
    }
}
