package dev.maildock.ejb;

import dev.maildock.ejb.account.AccountService;
import dev.maildock.ejb.account.DomainService;
import dev.maildock.ejb.mailbox.MailboxService;
import dev.maildock.ejb.mailbox.MessageSource;
import dev.maildock.ejb.mailbox.structure.MessageStructures;
import dev.maildock.ejb.mailbox.structure.StructureCodec;
import dev.maildock.rar.api.imap.BodyPart;
import dev.maildock.rar.api.imap.MailAddress;
import dev.maildock.rar.api.imap.MessageStructure;
import jakarta.ejb.EJB;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

@ExtendWith(ArquillianExtension.class)
class MessageStructuresIT {

    private static final String MESSAGE = "From: Anna <anna@sender.example>\r\n"
            + "To: s@structure.test\r\n"
            + "Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=\r\n"
            + "Content-Type: multipart/mixed; boundary=\"b\"\r\n"
            + "\r\n"
            + "--b\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n"
            + "\r\n"
            + "Hello\r\n"
            + "--b\r\n"
            + "Content-Type: application/octet-stream\r\n"
            + "Content-Transfer-Encoding: base64\r\n"
            + "\r\n"
            + "AAEC\r\n"
            + "--b--\r\n";

    @Deployment
    static WebArchive deployment() {
        return ImapDeployments.withStructures(Deployments.services("structures-it")).addClasses(StructureProbe.class);
    }

    @EJB
    private DomainService domains;
    @EJB
    private AccountService accounts;
    @EJB
    private MailboxService mailboxes;
    @EJB
    private MessageStructures structures;
    @EJB
    private StructureProbe probe;

    @Test
    void aStructureIsWorkedOutOnFirstUseThenReadFromItsRow() {
        domains.create("structure.test");
        accounts.create("s@structure.test", "pw", null);
        byte[] raw = MESSAGE.getBytes(StandardCharsets.US_ASCII);
        mailboxes.deliverToInboxes(List.of("s@structure.test"), MessageSource.ofBytes(raw));
        long content = probe.contentOf("s@structure.test", "INBOX", 1);
        assertNull(probe.kept(content), "delivery does not parse the structure");

        MessageStructure first = structures.structureOf(content).orElseThrow();

        assertEquals("=?UTF-8?Q?Gr=C3=BC=C3=9Fe?=", first.envelope().subject());
        assertEquals(List.of(new MailAddress("Anna", null, "anna", "sender.example")), first.envelope().from());
        BodyPart text = first.body().parts().get(0);
        assertEquals("Hello", new String(raw, (int) text.bodyStart(), (int) text.size(), StandardCharsets.US_ASCII));
        BodyPart attachment = first.body().parts().get(1);
        assertEquals("base64", attachment.encoding());
        assertEquals("AAEC", new String(raw, (int) attachment.bodyStart(), (int) attachment.size(), StandardCharsets.US_ASCII));
        assertArrayEquals(StructureCodec.encode(first), probe.kept(content), "kept in the content's row");

        assertEquals(Optional.of(first), structures.structureOf(content));
        MessageStructure marked = new MessageStructure(first.envelope(), text);
        probe.keep(content, StructureCodec.encode(marked));
        assertEquals(Optional.of(marked), structures.structureOf(content), "the second answer comes from the row");

        byte[] olderVersion = {0, 1, 2};
        probe.keep(content, olderVersion);
        assertEquals(Optional.of(first), structures.structureOf(content), "an unreadable value is worked out again");
        assertArrayEquals(StructureCodec.encode(first), probe.kept(content), "and kept again");
    }

    @Test
    void manyContentsAtOnceMixKeptAndNewStructures() {
        domains.create("batch.structure.test");
        accounts.create("m@batch.structure.test", "pw", null);
        for (int i = 1; i <= 3; i++) {
            mailboxes.deliverToInboxes(List.of("m@batch.structure.test"),
                    MessageSource.ofBytes(("Subject: n" + i + "\r\n\r\nbody " + i + "\r\n").getBytes(StandardCharsets.US_ASCII)));
        }
        long one = probe.contentOf("m@batch.structure.test", "INBOX", 1);
        long two = probe.contentOf("m@batch.structure.test", "INBOX", 2);
        long three = probe.contentOf("m@batch.structure.test", "INBOX", 3);
        structures.structureOf(two);

        Map<Long, MessageStructure> found = structures.structuresOf(List.of(one, two, three, -1L));

        assertEquals(3, found.size(), "an unknown content is left out");
        assertEquals("n1", found.get(one).envelope().subject());
        assertEquals("n2", found.get(two).envelope().subject());
        assertEquals("n3", found.get(three).envelope().subject());
        assertNotNull(probe.kept(one));
        assertNotNull(probe.kept(three));
        assertEquals(Optional.empty(), structures.structureOf(-1L));
    }

    @Test
    void aMessageLargerThanOneReadIsParsedAcrossReads() {
        domains.create("large.structure.test");
        accounts.create("l@large.structure.test", "pw", null);
        String base64Line = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0\r\n";
        String message = "Subject: large\r\nContent-Type: multipart/mixed; boundary=L\r\n\r\n"
                + "--L\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + base64Line.repeat(10_000)
                + "--L\r\nContent-Type: text/plain\r\n\r\nafter the attachment\r\n--L--\r\n";
        byte[] raw = message.getBytes(StandardCharsets.US_ASCII);
        mailboxes.deliverToInboxes(List.of("l@large.structure.test"), MessageSource.ofBytes(raw));

        MessageStructure structure = structures.structureOf(probe.contentOf("l@large.structure.test", "INBOX", 1))
                .orElseThrow();

        BodyPart attachment = structure.body().parts().get(0);
        assertEquals(base64Line.length() * 10_000L - 2, attachment.size());
        BodyPart text = structure.body().parts().get(1);
        assertEquals("after the attachment",
                new String(raw, (int) text.bodyStart(), (int) text.size(), StandardCharsets.US_ASCII));
        assertEquals(raw.length, structure.body().end());
    }
}
