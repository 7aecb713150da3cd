package dev.maildock.ejb;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.util.List;

/** Reads and overwrites a content's kept MIME structure, for tests of MessageStructures. */
@Stateless
public class StructureProbe {

    @PersistenceContext(unitName = "maildock")
    private EntityManager em;

    /** The content id of a folder entry. */
    public long contentOf(String account, String folder, long uid) {
        return em.createQuery("SELECT e.content.id FROM MailboxEntry e WHERE e.folder.account.address = :a"
                        + " AND e.folder.name = :f AND e.uid = :u", Long.class)
                .setParameter("a", account).setParameter("f", folder).setParameter("u", uid).getSingleResult();
    }

    public byte[] kept(long contentId) {
        List<byte[]> kept = em.createQuery("SELECT c.mimeStructure FROM MessageContent c WHERE c.id = :id", byte[].class)
                .setParameter("id", contentId).getResultList();
        return kept.get(0);
    }

    public void keep(long contentId, byte[] value) {
        em.createQuery("UPDATE MessageContent c SET c.mimeStructure = :v WHERE c.id = :id")
                .setParameter("v", value).setParameter("id", contentId).executeUpdate();
    }
}
