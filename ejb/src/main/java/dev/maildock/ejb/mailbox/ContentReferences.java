package dev.maildock.ejb.mailbox;

import dev.maildock.ejb.common.InLists;
import jakarta.persistence.EntityManager;

import java.util.Collection;
import java.util.List;

/**
 * Message content is stored once and shared (several recipients, copies between folders); a row
 * goes only when no folder entry and no queued outbound message refers to it any more.
 */
final class ContentReferences {

    private ContentReferences() {
    }

    static void deleteUnreferenced(EntityManager em, Collection<Long> contentIds) {
        if (contentIds.isEmpty()) {
            return;
        }
        for (List<Long> slice : InLists.slices(contentIds)) {
            em.createQuery("DELETE FROM MessageContent c WHERE c.id IN :ids"
                            + " AND NOT EXISTS (SELECT e FROM MailboxEntry e WHERE e.content = c)"
                            + " AND NOT EXISTS (SELECT o FROM OutboundMessage o WHERE o.content = c)")
                    .setParameter("ids", slice).executeUpdate();
        }
    }
}
