package dev.maildock.ejb.admin;

import dev.maildock.ejb.account.AliasService;
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
    private AliasService aliases;

    @EJB
    private MaildropService maildrops;

    @PostConstruct
    void start() {
        schema.ensure();
        domains.ensure(config.domains());
        admin.ensurePassword(config.adminPassword());
        // Aliases are refused targets on other servers now; one made before still loses that mail.
        aliases.remoteTargets().forEach((alias, remote) -> LOG.warning(() -> "MAILDOCK0207W: Alias " + alias
                + " has targets on other servers, which get none of its mail (no forwarding yet): " + remote
                + ". Point it at local addresses."));
        int released = maildrops.releaseLocksOfEarlierRuns();
        LOG.info(() -> "MAILDOCK0200I: Maildock is ready as " + config.hostname() + " for domains " + config.domains()
                + " (node " + config.node() + "; " + released + " POP3 maildrop lock(s) of its previous run released).");
    }
}
