package dev.maildock.ejb;

import dev.maildock.ejb.account.AccountService;
import dev.maildock.ejb.account.DomainService;
import dev.maildock.ejb.common.NotFoundException;
import dev.maildock.ejb.mailbox.EntryView;
import dev.maildock.ejb.mailbox.MailboxService;
import dev.maildock.ejb.mailbox.MessageSource;
import jakarta.ejb.EJB;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

@ExtendWith(ArquillianExtension.class)
class MailboxServiceIT {

    private static final String MESSAGE = "From: =?UTF-8?B?0JDQvdGP?= <anya@sender.example>\r\n"
            + "To: a@deliver.test, b@deliver.test\r\n"
            + "Subject: =?UTF-8?Q?=D0=9F=D1=80=D0=B8=D0=B2=D0=B5=D1=82?= world\r\n"
            + "Date: Sun, 26 Mar 2000 17:36:24 +0400\r\n"
            + "\r\n"
            + "Body line one\r\n"
            + ".leading dot kept as stored\r\n";

    @Deployment
    static WebArchive deployment() {
        return Deployments.services("mailbox-it");
    }

    @EJB
    private DomainService domains;
    @EJB
    private AccountService accounts;
    @EJB
    private MailboxService mailboxes;
    @EJB
    private StoreProbe probe;

    @Test
    void oneMessageForTwoMailboxesIsStoredOnceAndFiledTwice() {
        domains.create("deliver.test");
        accounts.create("a@deliver.test", "pw", null);
        accounts.create("b@deliver.test", "pw", null);
        long contentsBefore = probe.count("MessageContent");
        byte[] raw = MESSAGE.getBytes(StandardCharsets.UTF_8);

        List<Long> uids = mailboxes.deliverToInboxes(List.of("a@deliver.test", "b@deliver.test"),
                MessageSource.ofBytes(raw));

        assertEquals(List.of(1L, 1L), uids);
        assertEquals(contentsBefore + 1, probe.count("MessageContent"), "content stored once");
        for (String who : List.of("a@deliver.test", "b@deliver.test")) {
            List<EntryView> inbox = mailboxes.list(who, "INBOX");
            assertEquals(1, inbox.size());
            EntryView entry = inbox.get(0);
            assertEquals("Привет world", entry.subject());
            assertEquals("Аня <anya@sender.example>", entry.from());
            assertEquals(954077784L, entry.sentDate().getEpochSecond());
            assertEquals(raw.length, entry.size());
            assertArrayEquals(raw, mailboxes.raw(who, "INBOX", 1), "bytes come back exactly as stored");
        }
    }

    @Test
    void uidsGrowPerFolderAndAreNeverReused() {
        domains.create("uids.test");
        accounts.create("u@uids.test", "pw", null);
        MessageSource raw = MessageSource.ofBytes("Subject: n\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals(List.of(1L), mailboxes.deliverToInboxes(List.of("u@uids.test"), raw));
        assertEquals(List.of(2L), mailboxes.deliverToInboxes(List.of("u@uids.test"), raw));
        assertEquals(List.of(3L), mailboxes.deliverToInboxes(List.of("u@uids.test"), raw));
        assertEquals(List.of(1L, 2L, 3L), mailboxes.list("u@uids.test", "INBOX").stream().map(EntryView::uid).toList());
        assertEquals(4L, mailboxes.folders("u@uids.test").get(0).nextUid());
    }

    @Test
    void deliveryToAnUnknownMailboxStoresNothing() {
        domains.create("atomic.test");
        accounts.create("real@atomic.test", "pw", null);
        long contentsBefore = probe.count("MessageContent");
        long entriesBefore = probe.count("MailboxEntry");

        assertThrows(NotFoundException.class, () -> mailboxes.deliverToInboxes(List.of("real@atomic.test",
                "ghost@atomic.test"), MessageSource.ofBytes("Subject: x\r\n\r\ny\r\n".getBytes())));

        assertEquals(contentsBefore, probe.count("MessageContent"), "the transaction rolled back");
        assertEquals(entriesBefore, probe.count("MailboxEntry"));
        assertEquals(0, mailboxes.list("real@atomic.test", "INBOX").size());
    }

    @Test
    void deletingAnAccountRemovesItsMailAndOrphanedContent() {
        domains.create("purge.test");
        accounts.create("p@purge.test", "pw", null);
        long contentsBefore = probe.count("MessageContent");
        mailboxes.deliverToInboxes(List.of("p@purge.test"),
                MessageSource.ofBytes("Subject: x\r\n\r\ny\r\n".getBytes()));
        assertEquals(contentsBefore + 1, probe.count("MessageContent"));

        accounts.delete("p@purge.test");

        assertEquals(contentsBefore, probe.count("MessageContent"));
    }

    /** Deliveries remember INBOX ids; an account deleted and created again gets mail in its new INBOX. */
    @Test
    void aRecreatedAccountGetsMailInItsNewInbox() {
        domains.create("again.test");
        accounts.create("r@again.test", "pw", null);
        mailboxes.deliverToInboxes(List.of("r@again.test"),
                MessageSource.ofBytes("Subject: old\r\n\r\n1\r\n".getBytes()));
        accounts.delete("r@again.test");
        accounts.create("r@again.test", "pw", null);

        assertEquals(List.of(1L), mailboxes.deliverToInboxes(List.of("r@again.test"),
                MessageSource.ofBytes("Subject: new\r\n\r\n2\r\n".getBytes())));
        assertEquals(List.of("new"), mailboxes.list("r@again.test", "INBOX").stream().map(e -> e.subject()).toList());
    }
}
