package dev.maildock.ejb;

import dev.maildock.ejb.imap.ImapMdb;
import org.jboss.shrinkwrap.api.Filters;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The services with IMAP's (its MDB left out, as {@link Deployments} leaves the others out). */
final class ImapDeployments {

    private ImapDeployments() {
    }

    static WebArchive services(String name) {
        return Deployments.services(name).addPackages(false, Filters.exclude(ImapMdb.class), "dev.maildock.ejb.imap");
    }
}
