package dev.maildock.ejb.account;

import dev.maildock.ejb.common.Addresses;
import dev.maildock.ejb.common.ConflictException;
import dev.maildock.ejb.common.InvalidInputException;
import dev.maildock.ejb.common.NotFoundException;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Aliases: addresses in local domains that forward to one or more other addresses. */
@Stateless
public class AliasService {

    private static final int MAX_TARGETS = 1000;

    @PersistenceContext(unitName = "maildock")
    private EntityManager em;

    /** Tells the caches of address resolution, after commit, that this transaction changed it. */
    @Inject
    private Event<DirectoryChanged> directoryChanged;

    @EJB
    private DomainService domains;

    public AliasView create(String address, List<String> targets) {
        String normalized = Addresses.mailbox("address", address);
        String domainName = Addresses.domainOf(normalized);
        Domain domain = domains.find(domainName)
                .orElseThrow(() -> new InvalidInputException("address", "domain " + domainName + " is not a local domain"));
        if (targets == null || targets.isEmpty()) {
            throw new InvalidInputException("targets", "needs at least one address");
        }
        if (targets.size() > MAX_TARGETS) {
            throw new InvalidInputException("targets", "has more than " + MAX_TARGETS + " addresses");
        }
        Set<String> resolved = new LinkedHashSet<>();
        for (String target : targets) {
            String t = Addresses.mailbox("targets", target);
            if (t.equals(normalized)) {
                throw new InvalidInputException("targets", "an alias cannot point at itself");
            }
            resolved.add(t);
        }
        // Delivery files an alias's mail in local mailboxes only: until forwarding exists, a target
        // on another server would get nothing, without a trace.
        Set<String> local = localDomains();
        List<String> remote = resolved.stream().filter(t -> !local.contains(Addresses.domainOf(t))).toList();
        if (!remote.isEmpty()) {
            throw new InvalidInputException("targets", "mail cannot be forwarded to other servers yet; not local: "
                    + String.join(", ", remote));
        }
        boolean taken = !em.createNamedQuery(Alias.BY_ADDRESS, Alias.class).setParameter("address", normalized)
                .getResultList().isEmpty()
                || !em.createNamedQuery(Account.BY_ADDRESS, Account.class).setParameter("address", normalized)
                .getResultList().isEmpty();
        if (taken) {
            throw new ConflictException("address " + normalized + " is taken");
        }
        Alias alias = new Alias(normalized, domain, List.copyOf(resolved));
        em.persist(alias);
        directoryChanged.fire(new DirectoryChanged());
        return AliasView.of(alias);
    }

    /**
     * The aliases that have targets on other servers (accepted before such targets were refused),
     * each with those targets: their mail reaches only the local targets.
     */
    public Map<String, List<String>> remoteTargets() {
        Set<String> local = localDomains();
        Map<String, List<String>> found = new LinkedHashMap<>();
        for (Object[] row : em.createNamedQuery(Alias.ALL_TARGETS, Object[].class).getResultList()) {
            String target = (String) row[1];
            if (!local.contains(Addresses.domainOf(target))) {
                found.computeIfAbsent((String) row[0], a -> new ArrayList<>()).add(target);
            }
        }
        return found;
    }

    private Set<String> localDomains() {
        return domains.list().stream().map(DomainView::name).collect(Collectors.toSet());
    }

    public List<AliasView> list() {
        return em.createNamedQuery(Alias.ALL, Alias.class).getResultStream().map(AliasView::of).toList();
    }

    public AliasView get(String address) {
        return AliasView.of(require(address));
    }

    /** The alias with this address (case-insensitive), if there is one; never throws for bad input. */
    public Optional<AliasView> find(String address) {
        if (address == null || address.isBlank()) {
            return Optional.empty();
        }
        return em.createNamedQuery(Alias.BY_ADDRESS, Alias.class)
                .setParameter("address", address.trim().toLowerCase(Locale.ROOT))
                .getResultStream().findFirst().map(AliasView::of);
    }

    public void delete(String address) {
        em.remove(require(address));
        directoryChanged.fire(new DirectoryChanged());
    }

    private Alias require(String address) {
        String normalized = Addresses.mailbox("address", address);
        return em.createNamedQuery(Alias.BY_ADDRESS, Alias.class).setParameter("address", normalized)
                .getResultStream().findFirst().orElseThrow(() -> new NotFoundException("no alias " + normalized));
    }
}
