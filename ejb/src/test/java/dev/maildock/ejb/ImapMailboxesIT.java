package dev.maildock.ejb;

import dev.maildock.ejb.account.AccountService;
import dev.maildock.ejb.account.DomainService;
import dev.maildock.ejb.imap.ImapMailboxes;
import dev.maildock.ejb.imap.ImapMessages;
import dev.maildock.ejb.mailbox.MailboxService;
import dev.maildock.ejb.mailbox.MessageSource;
import dev.maildock.rar.api.imap.MailboxInfo;
import dev.maildock.rar.api.imap.MailboxOutcome;
import dev.maildock.rar.api.imap.MailboxStatus;
import dev.maildock.rar.api.imap.QuotaUsage;
import dev.maildock.rar.api.imap.Selection;
import dev.maildock.rar.api.imap.SpecialUse;
import jakarta.ejb.EJB;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** IMAP's mailbox commands on the account's folders: hierarchy, special use, subscriptions, quota. */
@ExtendWith(ArquillianExtension.class)
class ImapMailboxesIT {

    @Deployment
    static WebArchive deployment() {
        return ImapDeployments.services("imap-mailboxes-it");
    }

    @EJB
    private DomainService domains;
    @EJB
    private AccountService accounts;
    @EJB
    private MailboxService mailboxes;
    @EJB
    private ImapMailboxes imap;
    @EJB
    private ImapMessages messages;

    private String account(String local) {
        String domain = local + ".imap-boxes.test";
        domains.create(domain);
        accounts.create(local + "@" + domain, "pw", null);
        return local + "@" + domain;
    }

    private Map<String, MailboxInfo> byName(String account) {
        return imap.mailboxes(account).stream().collect(Collectors.toMap(MailboxInfo::name, m -> m));
    }

    private void deliver(String account, String subject) {
        mailboxes.deliverToInboxes(List.of(account), MessageSource.ofBytes(("Subject: " + subject + "\r\n\r\nhi\r\n")
                .getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void standardFoldersAreListedWithTheirSpecialUseAndSubscribed() {
        String a = account("std");
        Map<String, MailboxInfo> boxes = byName(a);
        assertEquals(4, boxes.size());
        assertNull(boxes.get("INBOX").specialUse());
        assertEquals(SpecialUse.SENT, boxes.get("Sent").specialUse());
        assertEquals(SpecialUse.DRAFTS, boxes.get("Drafts").specialUse());
        assertEquals(SpecialUse.TRASH, boxes.get("Trash").specialUse());
        assertTrue(boxes.values().stream().allMatch(MailboxInfo::subscribed));
    }

    /** RFC 3501 2.3.1.1; made again at once, in the same second of the clock, as imaptest's uidvalidity group does. */
    @Test
    void aMailboxMadeAgainUnderADeletedOnesNameGetsANewUidValidity() {
        String a = account("again");
        assertEquals(MailboxOutcome.DONE, imap.create(a, "again", null));
        long first = imap.status(a, "again").uidValidity();
        assertEquals(MailboxOutcome.DONE, imap.delete(a, "again"));
        assertEquals(MailboxOutcome.DONE, imap.create(a, "again", null));
        assertNotEquals(first, imap.status(a, "again").uidValidity());
    }

    @Test
    void createMakesTheMissingSuperiorsAndKeepsASpecialUse() {
        String a = account("create");
        assertEquals(MailboxOutcome.DONE, imap.create(a, "work/2026/q1/", null));
        assertEquals(MailboxOutcome.DONE, imap.create(a, "Spam", SpecialUse.JUNK));
        Map<String, MailboxInfo> boxes = byName(a);
        assertTrue(boxes.keySet().containsAll(List.of("work", "work/2026", "work/2026/q1", "Spam")), boxes.keySet().toString());
        assertEquals(SpecialUse.JUNK, boxes.get("Spam").specialUse());
        assertFalse(boxes.get("work").subscribed(), "only the standard folders are subscribed by default");

        assertEquals(MailboxOutcome.ALREADY_EXISTS, imap.create(a, "work", null));
        assertEquals(MailboxOutcome.ALREADY_EXISTS, imap.create(a, "inbox", null));
        assertEquals(MailboxOutcome.CANNOT, imap.create(a, "a//b", null));
        assertEquals(MailboxOutcome.CANNOT, imap.create(a, "x*", null));
        assertEquals(MailboxOutcome.CANNOT, imap.create(a, "sent", null), "a standard folder's name in another case");
        assertEquals(MailboxOutcome.CANNOT, imap.create(a, "Outgoing", SpecialUse.SENT), "\\Sent is the Sent folder's");
        assertEquals(MailboxOutcome.DONE, imap.create(a, "inbox/sub", null));
        assertTrue(byName(a).containsKey("INBOX/sub"));
    }

    @Test
    void renameTakesTheInferiorsAlongAndKeepsUidValidity() {
        String a = account("rename");
        imap.create(a, "old/child/grandchild", null);
        MailboxStatus before = imap.status(a, "old/child");

        assertEquals(MailboxOutcome.DONE, imap.rename(a, "old", "new/place"));

        Map<String, MailboxInfo> boxes = byName(a);
        assertTrue(boxes.keySet().containsAll(List.of("new", "new/place", "new/place/child", "new/place/child/grandchild")),
                boxes.keySet().toString());
        assertFalse(boxes.containsKey("old"));
        assertFalse(boxes.containsKey("old/child"));
        assertEquals(before.uidValidity(), imap.status(a, "new/place/child").uidValidity());

        imap.create(a, "other", null);
        assertEquals(MailboxOutcome.ALREADY_EXISTS, imap.rename(a, "other", "new"));
        assertEquals(MailboxOutcome.NONEXISTENT, imap.rename(a, "nothing", "x"));
        assertEquals(MailboxOutcome.CANNOT, imap.rename(a, "new", "new/inside"));
        assertEquals(MailboxOutcome.CANNOT, imap.rename(a, "Sent", "Sent2"), "standard folders keep their names");
    }

    @Test
    void renamingInboxMovesItsMessagesWithTheirUidsAndLeavesItEmpty() {
        String a = account("inbox");
        deliver(a, "one");
        deliver(a, "two");
        imap.create(a, "INBOX/kept", null);
        Selection inbox = messages.select(a, "INBOX", false);

        assertEquals(MailboxOutcome.DONE, imap.rename(a, "inbox", "Archive/2026"));

        Selection moved = messages.select(a, "Archive/2026", false);
        assertArrayEquals(inbox.uids(), moved.uids());
        assertNotEquals(inbox.uidValidity(), moved.uidValidity());
        Selection emptied = messages.select(a, "INBOX", false);
        assertEquals(0, emptied.uids().length);
        assertTrue(emptied.uidNext() >= inbox.uidNext(), "INBOX never hands out a UID again");
        assertArrayEquals(inbox.uids(), messages.changes(a, inbox.mailboxId(), inbox.highestModSeq(), false).expunged());
        assertTrue(byName(a).containsKey("INBOX/kept"), "INBOX's inferiors stay");
    }

    @Test
    void deleteRefusesInboxStandardFoldersAndFoldersWithInferiors() {
        String a = account("delete");
        imap.create(a, "parent/child", null);
        assertEquals(MailboxOutcome.CANNOT, imap.delete(a, "INBOX"));
        assertEquals(MailboxOutcome.CANNOT, imap.delete(a, "Trash"));
        assertEquals(MailboxOutcome.HAS_CHILDREN, imap.delete(a, "parent"));
        assertEquals(MailboxOutcome.NONEXISTENT, imap.delete(a, "nothing"));
        assertEquals(MailboxOutcome.DONE, imap.delete(a, "parent/child"));
        assertEquals(MailboxOutcome.DONE, imap.delete(a, "parent"));
        assertFalse(byName(a).containsKey("parent"));
    }

    @Test
    void subscriptionsAreKeptByNameEvenForNamesThatDoNotExist() {
        String a = account("subscribe");
        imap.create(a, "lists", null);
        assertEquals(MailboxOutcome.DONE, imap.subscribe(a, "lists", true));
        assertEquals(MailboxOutcome.DONE, imap.subscribe(a, "not/there", true));
        assertEquals(MailboxOutcome.DONE, imap.subscribe(a, "Drafts", false));
        Map<String, MailboxInfo> boxes = byName(a);
        assertTrue(boxes.get("lists").subscribed());
        assertFalse(boxes.get("Drafts").subscribed());
        assertEquals(0, boxes.get("not/there").id(), "a subscribed name without a folder");
        imap.subscribe(a, "not/there", false);
        assertFalse(byName(a).containsKey("not/there"));
    }

    @Test
    void statusAndQuotaCountTheStoredMail() {
        String a = account("status");
        accounts.setQuota(a, 1_000_000);
        deliver(a, "one");
        deliver(a, "two");
        MailboxStatus status = imap.status(a, "inbox");
        assertEquals(2, status.messages());
        assertEquals(2, status.unseen());
        assertEquals(3, status.uidNext());
        assertEquals(2, status.recent(), "no session has seen them");
        assertTrue(status.highestModSeq() >= 2);
        assertNull(imap.status(a, "nothing"));
        QuotaUsage quota = imap.quota(a);
        assertEquals(status.size(), quota.usedOctets());
        assertEquals(1_000_000, quota.limitOctets());
        messages.select(a, "INBOX", true); // an IMAP4rev1 SELECT claims them
        deliver(a, "three");
        assertEquals(1, imap.status(a, "inbox").recent(), "only the one that came since");
    }
}
