package dev.maildock.ejb.account;

import dev.maildock.ejb.common.Addresses;
import dev.maildock.ejb.common.ConflictException;
import dev.maildock.ejb.common.NotFoundException;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The local domains: the ones this server accepts mail for. */
@Stateless
public class DomainService {

    @PersistenceContext(unitName = "maildock")
    private EntityManager em;

    /** Tells the caches of address resolution, after commit, that this transaction changed it. */
    @Inject
    private Event<DirectoryChanged> directoryChanged;

    public DomainView create(String name) {
        String normalized = Addresses.domain("name", name);
        if (find(normalized).isPresent()) {
            throw new ConflictException("domain " + normalized + " exists already");
        }
        Domain domain = new Domain(normalized, Instant.now());
        em.persist(domain);
        directoryChanged.fire(new DirectoryChanged());
        return DomainView.of(domain);
    }

    public List<DomainView> list() {
        return em.createNamedQuery(Domain.ALL, Domain.class).getResultStream().map(DomainView::of).toList();
    }

    /** Deletes an empty domain; one that still has accounts or aliases is a conflict. */
    public void delete(String name) {
        Domain domain = require(Addresses.domain("name", name));
        long accounts = em.createNamedQuery(Account.COUNT_IN_DOMAIN, Long.class)
                .setParameter("domain", domain).getSingleResult();
        long aliases = em.createNamedQuery(Alias.COUNT_IN_DOMAIN, Long.class)
                .setParameter("domain", domain).getSingleResult();
        if (accounts + aliases > 0) {
            throw new ConflictException("domain " + domain.getName() + " still has " + accounts + " accounts and "
                    + aliases + " aliases");
        }
        em.remove(domain);
        directoryChanged.fire(new DirectoryChanged());
    }

    public boolean isLocal(String name) {
        return find(name.toLowerCase(Locale.ROOT)).isPresent();
    }

    /** Creates those of the given domains that do not exist yet (the maildock.domains variable). */
    public void ensure(Collection<String> names) {
        for (String name : names) {
            String normalized = Addresses.domain("maildock.domains", name);
            if (find(normalized).isEmpty()) {
                em.persist(new Domain(normalized, Instant.now()));
                directoryChanged.fire(new DirectoryChanged());
            }
        }
    }

    private Domain require(String normalizedName) {
        return find(normalizedName).orElseThrow(() -> new NotFoundException("no domain " + normalizedName));
    }

    /** The domain entity by its normalised name (for the other account services). */
    public Optional<Domain> find(String normalizedName) {
        return em.createNamedQuery(Domain.BY_NAME, Domain.class).setParameter("name", normalizedName)
                .getResultStream().findFirst();
    }
}
