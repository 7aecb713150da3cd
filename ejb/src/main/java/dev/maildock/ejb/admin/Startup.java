package dev.maildock.ejb.admin;

import dev.maildock.ejb.account.DomainService;
import dev.maildock.ejb.config.MaildockConfig;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;

import java.util.logging.Logger;

/** Brings the database in line with the server variables when the application starts. */
@Singleton
@jakarta.ejb.Startup
public class Startup {

    private static final Logger LOG = Logger.getLogger(Startup.class.getName());

    @Inject
    private MaildockConfig config;

    @EJB
    private DomainService domains;

    @EJB
    private AdminCredentialService admin;

    @PostConstruct
    void start() {
        domains.ensure(config.domains());
        admin.ensurePassword(config.adminPassword());
        LOG.info(() -> "MAILDOCK0200I: Maildock is ready as " + config.hostname() + " for domains " + config.domains() + ".");
    }
}
