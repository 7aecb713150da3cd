package dev.maildock.ejb;

import dev.maildock.ejb.account.AccountService;
import dev.maildock.ejb.account.DomainService;
import dev.maildock.ejb.common.ConflictException;
import dev.maildock.ejb.common.InvalidInputException;
import dev.maildock.ejb.mailbox.EntryView;
import dev.maildock.ejb.mailbox.FolderService;
import dev.maildock.ejb.mailbox.FolderView;
import dev.maildock.ejb.mailbox.MailboxService;
import dev.maildock.ejb.mailbox.MessageFlag;
import dev.maildock.ejb.mailbox.MessageQuery;
import dev.maildock.ejb.mailbox.MessageService;
import dev.maildock.ejb.mailbox.MessageSource;
import dev.maildock.ejb.mailbox.Page;
import jakarta.ejb.EJB;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Folders and messages as mail clients work with them: pages, flags, copy/move, expunge, search. */
@ExtendWith(ArquillianExtension.class)
class MessageServiceIT {

    @Deployment
    static WebArchive deployment() {
        return Deployments.services("message-it");
    }

    @EJB
    private DomainService domains;
    @EJB
    private AccountService accounts;
    @EJB
    private MailboxService mailboxes;
    @EJB
    private MessageService messages;
    @EJB
    private FolderService folders;
    @EJB
    private StoreProbe probe;

    private static byte[] mail(String from, String to, String subject, String date, String body) {
        return ("From: " + from + "\r\nTo: " + to + "\r\nSubject: " + subject + "\r\nDate: " + date + "\r\n\r\n" + body
                + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private String account(String domain) {
        domains.create(domain);
        String me = "me@" + domain;
        accounts.create(me, "pw", null);
        mailboxes.deliverToInboxes(List.of(me), MessageSource.ofBytes(mail("Anna <anna@a.example>", "me@" + domain,
                "Quarterly report", "Mon, 3 Jan 2022 10:00:00 +0000", "Figures attached")));
        mailboxes.deliverToInboxes(List.of(me), MessageSource.ofBytes(mail("bob@b.example", "Team <team@c.example>",
                "Lunch 100% on Friday", "Tue, 4 Jan 2022 10:00:00 +0000", "Pizza or sushi?")));
        mailboxes.deliverToInboxes(List.of(me), MessageSource.ofBytes(mail("carol@c.example", "me@" + domain,
                "Re: quarterly REPORT", "Wed, 5 Jan 2022 10:00:00 +0000", "Looks fine")));
        return me;
    }

    @Test
    void pagesAreNewestFirstWithTheTotal() {
        String me = account("pages.test");
        Page<EntryView> first = messages.page(me, "INBOX", 0, 2);
        assertEquals(3, first.total());
        assertEquals(List.of(3L, 2L), first.items().stream().map(EntryView::uid).toList());
        assertEquals(List.of(1L), messages.page(me, "INBOX", 2, 2).items().stream().map(EntryView::uid).toList());
        FolderView inbox = mailboxes.folders(me).get(0);
        assertEquals(3, inbox.messages());
        assertEquals(3, inbox.unseen());
    }

    @Test
    void flagsArePersistedAndCountedAsUnread() {
        String me = account("flags.test");
        assertEquals(2, messages.setFlag(me, "INBOX", List.of(1L, 3L, 99L), MessageFlag.SEEN, true));
        messages.setFlag(me, "INBOX", List.of(2L), MessageFlag.FLAGGED, true);
        assertEquals(1, mailboxes.folders(me).get(0).unseen());
        EntryView two = messages.entry(me, "INBOX", 2);
        assertTrue(two.flagged() && !two.seen());
        assertEquals(List.of(2L), messages.searchUids(me, "INBOX",
                new MessageQuery(null, null, null, null, Set.of(MessageFlag.FLAGGED), Set.of(MessageFlag.SEEN),
                        null, null, null, null)));
    }

    @Test
    void moveToTrashThenExpungeRemovesForGoodAndKeepsSharedContent() {
        String me = account("move.test");
        Map<Long, Long> moved = messages.move(me, "INBOX", List.of(1L, 2L), "Trash");
        assertEquals(Map.of(1L, 1L, 2L, 2L), moved);
        assertEquals(List.of(3L), messages.searchUids(me, "INBOX", MessageQuery.any()));
        Map<Long, Long> copied = messages.copy(me, "Trash", List.of(1L), "INBOX");
        assertEquals(Map.of(1L, 4L), copied, "UIDs are never reused: the copy back gets a new one");
        long contents = probe.count("MessageContent");

        messages.setFlag(me, "Trash", List.of(1L, 2L), MessageFlag.DELETED, true);
        assertEquals(List.of(1L, 2L), messages.expunge(me, "Trash"));

        assertEquals(0, messages.page(me, "Trash", 0, 10).total());
        assertEquals(contents - 1, probe.count("MessageContent"), "message 1 still has its copy in INBOX");
        assertArrayEquals(mailboxes.raw(me, "INBOX", 4), mail("Anna <anna@a.example>", me, "Quarterly report",
                "Mon, 3 Jan 2022 10:00:00 +0000", "Figures attached"));
    }

    @Test
    void searchBySubjectSenderRecipientBodyAndDates() {
        String me = account("search.test");
        assertEquals(List.of(1L, 3L), messages.searchUids(me, "INBOX", MessageQuery.any().withSubject("quarterly report")));
        assertEquals(List.of(2L), messages.searchUids(me, "INBOX", MessageQuery.any().withSubject("100%")));
        assertEquals(List.of(), messages.searchUids(me, "INBOX", MessageQuery.any().withSubject("1_0")),
                "LIKE wildcards in the text are taken literally");
        assertEquals(List.of(1L), messages.searchUids(me, "INBOX", MessageQuery.any().withFrom("anna")));
        assertEquals(List.of(2L), messages.searchUids(me, "INBOX", MessageQuery.any().withRecipient("team@c.example")));
        assertEquals(List.of(2L), messages.searchUids(me, "INBOX", MessageQuery.any().withBody("SUSHI")));
        assertEquals(List.of(2L, 3L), messages.searchUids(me, "INBOX", new MessageQuery(null, null, null, null, null,
                null, null, null, Instant.parse("2022-01-04T00:00:00Z"), null)));
        Page<EntryView> page = messages.search(me, "INBOX", MessageQuery.any().withBody("e"), 0, 1);
        assertEquals(3, page.total());
        assertEquals(List.of(3L), page.items().stream().map(EntryView::uid).toList());
    }

    @Test
    void userFoldersAreCreatedRenamedAndDeletedStandardOnesStay() {
        String me = account("userfolders.test");
        folders.create(me, "Projects/2022");
        assertThrows(ConflictException.class, () -> folders.create(me, "Projects/2022"));
        assertThrows(InvalidInputException.class, () -> folders.create(me, "inbox"));
        assertThrows(InvalidInputException.class, () -> folders.create(me, "bad\r\nname"));
        assertThrows(InvalidInputException.class, () -> folders.rename(me, "Sent", "Outbox"));
        messages.copy(me, "INBOX", List.of(1L), "Projects/2022");
        folders.rename(me, "Projects/2022", "Archive");
        assertEquals(List.of("INBOX", "Sent", "Drafts", "Trash", "Archive"),
                mailboxes.folders(me).stream().map(FolderView::name).toList());
        assertEquals(1, messages.page(me, "Archive", 0, 10).total());
        folders.delete(me, "Archive");
        assertEquals(4, mailboxes.folders(me).size());
        assertThrows(InvalidInputException.class, () -> folders.delete(me, "Trash"));
    }
}
