package dev.maildock.ejb;

import dev.maildock.ejb.account.AccountService;
import dev.maildock.ejb.account.AccountView;
import dev.maildock.ejb.account.DomainService;
import dev.maildock.ejb.common.ConflictException;
import dev.maildock.ejb.common.InvalidInputException;
import dev.maildock.ejb.common.NotFoundException;
import dev.maildock.ejb.mailbox.FolderRole;
import dev.maildock.ejb.mailbox.FolderView;
import dev.maildock.ejb.mailbox.MailboxService;
import dev.maildock.ejb.mailbox.MessageSource;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.transaction.UserTransaction;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(ArquillianExtension.class)
class AccountServiceIT {

    @Deployment
    static WebArchive deployment() {
        return Deployments.services("account-it");
    }

    @EJB
    private DomainService domains;
    @EJB
    private AccountService accounts;
    @EJB
    private MailboxService mailboxes;
    @Inject
    private UserTransaction transaction;

    @Test
    void newAccountHasTheFourStandardFolders() {
        domains.create("folders.test");
        AccountView created = accounts.create("Alice@Folders.TEST", "s3cret", "Alice");

        assertEquals("alice@folders.test", created.address(), "addresses are stored in lower case");
        List<FolderView> folders = mailboxes.folders("alice@folders.test");
        assertEquals(List.of(FolderRole.INBOX, FolderRole.SENT, FolderRole.DRAFTS, FolderRole.TRASH),
                folders.stream().map(FolderView::role).toList());
        assertEquals(List.of("INBOX", "Sent", "Drafts", "Trash"), folders.stream().map(FolderView::name).toList());
        assertTrue(folders.stream().allMatch(f -> f.nextUid() == 1 && f.messages() == 0 && f.uidValidity() > 0));
    }

    @Test
    void passwordIsHashedAndChecked() {
        domains.create("auth.test");
        accounts.create("bob@auth.test", "right horse battery", null);

        assertTrue(accounts.authenticate("bob@auth.test", "right horse battery"));
        assertTrue(accounts.authenticate("BOB@auth.test", "right horse battery"), "login names ignore case");
        assertFalse(accounts.authenticate("bob@auth.test", "wrong"));
        assertFalse(accounts.authenticate("nobody@auth.test", "right horse battery"));

        accounts.changePassword("bob@auth.test", "new one");
        assertFalse(accounts.authenticate("bob@auth.test", "right horse battery"));
        assertTrue(accounts.authenticate("bob@auth.test", "new one"));

        accounts.setEnabled("bob@auth.test", false);
        assertFalse(accounts.authenticate("bob@auth.test", "new one"), "a disabled account cannot log in");
        assertFalse(accounts.get("bob@auth.test").enabled());
    }

    @Test
    void refusesBadInputNamingTheField() {
        domains.create("rules.test");
        InvalidInputException badAddress = assertThrows(InvalidInputException.class,
                () -> accounts.create("not an address", "pw", null));
        assertEquals("address", badAddress.getField());

        InvalidInputException noPassword = assertThrows(InvalidInputException.class,
                () -> accounts.create("carol@rules.test", "", null));
        assertEquals("password", noPassword.getField());

        InvalidInputException foreign = assertThrows(InvalidInputException.class,
                () -> accounts.create("carol@elsewhere.example", "pw", null));
        assertEquals("address", foreign.getField());
        assertTrue(foreign.getMessage().contains("not a local domain"), foreign.getMessage());

        accounts.create("carol@rules.test", "pw", null);
        assertThrows(ConflictException.class, () -> accounts.create("carol@rules.test", "pw2", null));
        assertThrows(NotFoundException.class, () -> accounts.get("dave@rules.test"));
    }

    @Test
    void deletingAnAccountRemovesItsFolders() {
        domains.create("gone.test");
        accounts.create("erin@gone.test", "pw", null);
        accounts.delete("erin@gone.test");

        assertThrows(NotFoundException.class, () -> accounts.get("erin@gone.test"));
        assertThrows(NotFoundException.class, () -> mailboxes.folders("erin@gone.test"));
        // The address is free again.
        accounts.create("erin@gone.test", "pw", null);
    }

    @Test
    void anAccountAndItsFoldersAreCreatedAndDeletedInOneTransaction() throws Exception {
        domains.create("one-tx.test");
        transaction.begin();
        try {
            accounts.create("gil@one-tx.test", "pw", null);
            assertEquals(4, mailboxes.folders("gil@one-tx.test").size(), "the folders are made in the creating transaction");
        } finally {
            transaction.rollback();
        }
        assertThrows(NotFoundException.class, () -> accounts.get("gil@one-tx.test"));
        assertThrows(NotFoundException.class, () -> mailboxes.folders("gil@one-tx.test"), "no folders without their account");

        accounts.create("gil@one-tx.test", "pw", null);
        mailboxes.deliverToInboxes(List.of("gil@one-tx.test"), MessageSource.ofBytes("Subject: kept\r\n\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII)));
        transaction.begin();
        try {
            accounts.delete("gil@one-tx.test");
            assertThrows(NotFoundException.class, () -> mailboxes.folders("gil@one-tx.test"), "the mail goes in the deleting transaction");
        } finally {
            transaction.rollback();
        }
        assertEquals(1, mailboxes.folders("gil@one-tx.test").get(0).messages(), "a rolled back deletion keeps the mail");
    }

    @Test
    void quotaIsSetAndUsageCountsStoredMail() {
        domains.create("quota.test");
        accounts.create("fay@quota.test", "pw", null);
        assertEquals(0, accounts.get("fay@quota.test").quotaBytes(), "no limit by default");
        assertEquals(0, mailboxes.usage("fay@quota.test"));

        accounts.setQuota("fay@quota.test", 5L * 1024 * 1024);
        assertEquals(5L * 1024 * 1024, accounts.get("fay@quota.test").quotaBytes());
        byte[] message = "Subject: q\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII);
        mailboxes.deliverToInboxes(List.of("fay@quota.test"), MessageSource.ofBytes(message));
        mailboxes.append("fay@quota.test", "Sent", MessageSource.ofBytes(message), true, false);
        assertEquals(2L * message.length, mailboxes.usage("fay@quota.test"));

        InvalidInputException negative = assertThrows(InvalidInputException.class, () -> accounts.setQuota("fay@quota.test", -1));
        assertEquals("quota", negative.getField());
        assertThrows(NotFoundException.class, () -> accounts.setQuota("nobody@quota.test", 1));
    }
}
