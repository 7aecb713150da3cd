package dev.maildock.ejb;

import dev.maildock.ejb.admin.Setting;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Lets tests look at rows the services do not expose. Test code only. */
@Stateless
public class StoreProbe {

    @PersistenceContext(unitName = "maildock")
    private EntityManager em;

    /** Removes a server-wide setting, as on a database that never had it. */
    public void removeSetting(String name) {
        Object setting = em.find(Setting.class, name);
        if (setting != null) {
            em.remove(setting);
        }
    }

    public long count(String entity) {
        return em.createQuery("SELECT COUNT(x) FROM " + entity + " x", Long.class).getSingleResult();
    }

    /** Makes every expunge-log row this old, as if the time had passed. */
    public void ageExpungeLog(Duration age) {
        em.createQuery("UPDATE ExpungedEntry x SET x.expunged = :t").setParameter("t", Instant.now().minus(age))
                .executeUpdate();
    }

    /** Rows of a JPQL query with several select items (a test reads what the services stored). */
    @SuppressWarnings("unchecked")
    public List<Object[]> rows(String jpql) {
        return em.createQuery(jpql).getResultList();
    }
}
