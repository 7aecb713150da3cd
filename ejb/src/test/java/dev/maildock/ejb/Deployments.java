package dev.maildock.ejb;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The services and entities, packaged as the test server deploys them (without the MDBs). */
public final class Deployments {

    private Deployments() {
    }

    public static WebArchive services(String name) {
        return ShrinkWrap.create(WebArchive.class, name + ".war")
                .addPackages(false,
                        "dev.maildock.ejb.account",
                        "dev.maildock.ejb.mailbox",
                        "dev.maildock.ejb.common",
                        "dev.maildock.ejb.config",
                        "dev.maildock.ejb.admin",
                        "dev.maildock.ejb.delivery",
                        "dev.maildock.ejb.submission",
                        "dev.maildock.ejb.provider",
                        // The provider's gateway types: in the server they come from the shared library.
                        "dev.maildock.provider.spi",
                        // The adapter's API: in the EAR the RAR provides it to the EJB module.
                        "dev.maildock.rar.api",
                        "dev.maildock.rar.api.imap")
                .addClasses(Deployments.class, StoreProbe.class, QueuedProbe.class)
                .addAsResource("META-INF/persistence.xml")
                .addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml");
    }
}
