package dev.maildock.ejb;

import dev.maildock.ejb.imap.ImapMdb;
import org.apache.commons.io.IOUtils;
import org.apache.james.mime4j.dom.field.ContentTypeField;
import org.apache.james.mime4j.stream.RawField;
import org.jboss.shrinkwrap.api.Filters;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.io.File;
import java.net.URISyntaxException;

/** The services with IMAP's (its MDB left out, as {@link Deployments} leaves the others out). */
final class ImapDeployments {

    private ImapDeployments() {
    }

    static WebArchive services(String name) {
        return withStructures(Deployments.services(name))
                .addPackages(false, Filters.exclude(ImapMdb.class), "dev.maildock.ejb.imap");
    }

    /** Adds the MIME structure service and the libraries it parses with. */
    static WebArchive withStructures(WebArchive archive) {
        return archive.addPackages(false, "dev.maildock.rar.api.imap")
                .addPackages(false, Filters.exclude(".*(Test|Checks)[^/]*\\.class"), "dev.maildock.ejb.mailbox.structure")
                // mime4j-dom, -core and commons-io: in the EAR they are in lib/
                .addAsLibraries(jarOf(ContentTypeField.class), jarOf(RawField.class), jarOf(IOUtils.class));
    }

    private static File jarOf(Class<?> type) {
        try {
            return new File(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
