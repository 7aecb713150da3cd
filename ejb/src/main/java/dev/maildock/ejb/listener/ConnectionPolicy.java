package dev.maildock.ejb.listener;

import dev.maildock.ejb.account.Domain;
import dev.maildock.ejb.config.MaildockConfig;
import dev.maildock.rar.api.ClientInfo;
import dev.maildock.rar.api.ConnectVerdict;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/**
 * Whether a new client of a mail listener (SMTP, POP3) is served. A server whose mail store cannot
 * be reached refuses at connect (SMTP 421, POP3 -ERR), so clients retry later instead of being
 * accepted and failed afterwards.
 */
@Stateless
public class ConnectionPolicy {

    @PersistenceContext(unitName = "maildock")
    private EntityManager em;

    @Inject
    private MaildockConfig config;

    public ConnectVerdict admit(ClientInfo client) {
        // Reading the domain count proves the store answers; it is a primary-key-index count.
        em.createNamedQuery(Domain.COUNT, Long.class).getSingleResult();
        return ConnectVerdict.accept(config.hostname());
    }

    public String hostname() {
        return config.hostname();
    }
}
