package dev.maildock.ejb.admin;

import dev.maildock.ejb.account.DomainService;
import dev.maildock.ejb.config.MaildockConfig;
import dev.maildock.ejb.mailbox.MaildropService;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;

import java.util.logging.Logger;

/**
 * Brings the database in line with the entities and the server variables when the application
 * starts. Every other bean that uses the database at start depends on this one ({@code @DependsOn}).
 */
@Singleton
@jakarta.ejb.Startup
public class Startup {

    private static final Logger LOG = Logger.getLogger(Startup.class.getName());

    @Inject
    private MaildockConfig config;

    @EJB
    private SchemaUpkeep schema;

    @EJB
    private DomainService domains;

    @EJB
    private AdminCredentialService admin;

    @EJB
    private MaildropService maildrops;

    @PostConstruct
    void start() {
        schema.ensure();
        domains.ensure(config.domains());
        admin.ensurePassword(config.adminPassword());
        int released = maildrops.releaseLocksOfEarlierRuns();
        LOG.info(() -> "MAILDOCK0200I: Maildock is ready as " + config.hostname() + " for domains " + config.domains()
                + " (node " + config.node() + "; " + released + " POP3 maildrop lock(s) of its previous run released).");
    }
}
