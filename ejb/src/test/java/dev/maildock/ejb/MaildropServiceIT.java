package dev.maildock.ejb;

import dev.maildock.ejb.account.AccountService;
import dev.maildock.ejb.account.DomainService;
import dev.maildock.ejb.mailbox.EntryView;
import dev.maildock.ejb.mailbox.MailboxService;
import dev.maildock.ejb.mailbox.MaildropEntry;
import dev.maildock.ejb.mailbox.MaildropService;
import dev.maildock.ejb.mailbox.MessageSource;
import dev.maildock.ejb.mailbox.OpenedMaildrop;
import dev.maildock.ejb.submission.Routing;
import dev.maildock.ejb.submission.SubmissionService;
import jakarta.ejb.EJB;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The POP3 maildrop: exclusive lock with a lease in the database, UPDATE at QUIT only. */
@ExtendWith(ArquillianExtension.class)
class MaildropServiceIT {

    private static final Duration LEASE = Duration.ofMinutes(2);

    @Deployment
    static WebArchive deployment() {
        return Deployments.services("maildrop-it");
    }

    @EJB
    private DomainService domains;
    @EJB
    private AccountService accounts;
    @EJB
    private MailboxService mailboxes;
    @EJB
    private MaildropService maildrops;
    @EJB
    private StoreProbe probe;
    @EJB
    private SubmissionService submissions;

    private String accountWith(String local, int messages) {
        String domain = local + ".pop.test";
        domains.create(domain);
        String address = local + "@" + domain;
        accounts.create(address, "pw", null);
        for (int i = 1; i <= messages; i++) {
            mailboxes.deliverToInboxes(List.of(address), MessageSource.ofBytes(("Subject: " + i + "\r\n\r\n"
                    + "x".repeat(i * 10) + "\r\n").getBytes(StandardCharsets.US_ASCII)));
        }
        return address;
    }

    @Test
    void opensTheInboxWithStableUidlsAndExactSizes() {
        String address = accountWith("open", 3);
        OpenedMaildrop drop = maildrops.open(address, LEASE).orElseThrow();
        List<EntryView> inbox = mailboxes.list(address, "INBOX");
        assertEquals(3, drop.entries().size());
        long uidValidity = mailboxes.folders(address).get(0).uidValidity();
        for (int i = 0; i < 3; i++) {
            MaildropEntry e = drop.entries().get(i);
            assertEquals(uidValidity + "." + (i + 1), e.uidl());
            assertEquals(inbox.get(i).size(), e.size());
            byte[] whole = mailboxes.raw(address, "INBOX", i + 1);
            assertEquals(whole.length, e.size());
            assertArrayEquals(whole, maildrops.read(drop.handle(), e.entryId(), 0, 1 << 20));
        }
        maildrops.release(drop.handle());
    }

    @Test
    void readsInRanges() {
        String address = accountWith("ranges", 1);
        OpenedMaildrop drop = maildrops.open(address, LEASE).orElseThrow();
        long id = drop.entries().get(0).entryId();
        byte[] whole = mailboxes.raw(address, "INBOX", 1);
        assertArrayEquals(Arrays.copyOfRange(whole, 3, 10), maildrops.read(drop.handle(), id, 3, 7));
        assertEquals(0, maildrops.read(drop.handle(), id, whole.length, 100).length);
        assertThrows(RuntimeException.class, () -> maildrops.read("not-a-handle", id, 0, 10),
                "only the session holding the lock reads");
        maildrops.release(drop.handle());
    }

    @Test
    void readsSeveralWholeMessagesInOneCallOnlyFromItsOwnMaildrop() {
        String address = accountWith("whole", 3);
        String other = accountWith("whole-other", 1);
        OpenedMaildrop drop = maildrops.open(address, LEASE).orElseThrow();
        OpenedMaildrop foreign = maildrops.open(other, LEASE).orElseThrow();
        List<Long> ids = List.of(drop.entries().get(2).entryId(), foreign.entries().get(0).entryId(),
                drop.entries().get(0).entryId());

        List<byte[]> whole = maildrops.readWhole(drop.handle(), ids);

        assertEquals(3, whole.size());
        assertArrayEquals(mailboxes.raw(address, "INBOX", 3), whole.get(0));
        assertEquals(null, whole.get(1), "another account's message is not read through this handle");
        assertArrayEquals(mailboxes.raw(address, "INBOX", 1), whole.get(2));
        maildrops.release(drop.handle());
        maildrops.release(foreign.handle());
    }

    @Test
    void theLockIsExclusiveUntilReleased() {
        String address = accountWith("exclusive", 1);
        OpenedMaildrop first = maildrops.open(address, LEASE).orElseThrow();
        assertTrue(maildrops.open(address, LEASE).isEmpty(), "a second session is refused");
        maildrops.release(first.handle());
        OpenedMaildrop second = maildrops.open(address, LEASE).orElseThrow();
        assertFalse(maildrops.renew(first.handle(), LEASE), "the released handle holds nothing");
        assertTrue(maildrops.renew(second.handle(), LEASE));
        maildrops.release(second.handle());
    }

    @Test
    void deletionsHappenOnlyAtCommitAndUidlsOfTheRestStay() {
        String address = accountWith("update", 3);
        OpenedMaildrop drop = maildrops.open(address, LEASE).orElseThrow();
        List<MaildropEntry> entries = drop.entries();

        // A dropped session: release, nothing deleted.
        maildrops.release(drop.handle());
        assertEquals(3, mailboxes.list(address, "INBOX").size());

        drop = maildrops.open(address, LEASE).orElseThrow();
        long contentsBefore = probe.count("MessageContent");
        assertTrue(maildrops.commit(drop.handle(), Set.of(entries.get(1).entryId())));
        assertEquals(contentsBefore - 1, probe.count("MessageContent"), "content no mailbox refers to is gone");

        OpenedMaildrop after = maildrops.open(address, LEASE).orElseThrow();
        assertEquals(List.of(entries.get(0).uidl(), entries.get(2).uidl()),
                after.entries().stream().map(MaildropEntry::uidl).toList(), "UIDLs never change or get reused");
        maildrops.release(after.handle());

        mailboxes.deliverToInboxes(List.of(address), MessageSource.ofBytes("Subject: 4\r\n\r\nnew\r\n"
                .getBytes(StandardCharsets.US_ASCII)));
        OpenedMaildrop withNew = maildrops.open(address, LEASE).orElseThrow();
        String newUidl = withNew.entries().get(2).uidl();
        assertFalse(entries.stream().map(MaildropEntry::uidl).toList().contains(newUidl),
                "a new message never gets a deleted message's UIDL");
        maildrops.release(withNew.handle());
    }

    @Test
    void anExpiredLeaseCanBeTakenOverAndTheOldSessionThenDeletesNothing() throws InterruptedException {
        String address = accountWith("lease", 2);
        OpenedMaildrop crashed = maildrops.open(address, Duration.ofMillis(1)).orElseThrow();
        Thread.sleep(20);
        OpenedMaildrop next = maildrops.open(address, LEASE).orElseThrow();

        assertFalse(maildrops.renew(crashed.handle(), LEASE));
        assertFalse(maildrops.commit(crashed.handle(), Set.of(crashed.entries().get(0).entryId())));
        assertEquals(2, mailboxes.list(address, "INBOX").size(), "the lost session deleted nothing");
        assertTrue(maildrops.commit(next.handle(), Set.of()));
    }

    @Test
    void aSessionCannotDeleteAnotherAccountsMail() {
        String victim = accountWith("victim", 1);
        String attacker = accountWith("attacker", 1);
        OpenedMaildrop victimDrop = maildrops.open(victim, LEASE).orElseThrow();
        long victimEntry = victimDrop.entries().get(0).entryId();
        maildrops.release(victimDrop.handle());

        OpenedMaildrop attackerDrop = maildrops.open(attacker, LEASE).orElseThrow();
        assertTrue(maildrops.commit(attackerDrop.handle(), Set.of(victimEntry)));
        assertEquals(1, mailboxes.list(victim, "INBOX").size());
    }

    @Test
    void aLargeMessageIsStreamedInAndReadBackInRanges() {
        String address = accountWith("large", 0);
        byte[] body = new byte[3 * 1024 * 1024 + 17];
        new Random(42).nextBytes(body);
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (body[i] == '\r' || body[i] == '\n' ? 'x' : body[i]);
        }
        byte[] raw = new byte["Subject: big\r\n\r\n".length() + body.length];
        System.arraycopy("Subject: big\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0, raw, 0, 16);
        System.arraycopy(body, 0, raw, 16, body.length);
        mailboxes.deliverToInboxes(List.of(address), MessageSource.ofBytes(raw));

        OpenedMaildrop drop = maildrops.open(address, LEASE).orElseThrow();
        MaildropEntry entry = drop.entries().get(0);
        assertEquals(raw.length, entry.size());
        ByteArrayOutputStream back = new ByteArrayOutputStream();
        int chunk = 128 * 1024;
        for (long offset = 0; offset < entry.size(); offset += chunk) {
            back.writeBytes(maildrops.read(drop.handle(), entry.entryId(), offset, chunk));
        }
        assertArrayEquals(raw, back.toByteArray(), "3 MiB back byte-exact from 25 ranges");
        assertEquals("big", mailboxes.list(address, "INBOX").get(0).subject());
        maildrops.release(drop.handle());
    }

    /**
     * A client deleting a whole large maildrop at QUIT (no leave-on-server) gets it done; the ids go
     * to the database in slices (InLists), here three of them.
     */
    @Test
    void deletingAWholeLargeMaildropAtOnceCommits() {
        String domain = "bulk.pop.test";
        domains.create(domain);
        String address = "bulk@" + domain;
        accounts.create(address, "pw", null);
        List<Routing> routings = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            routings.add(new Routing("s@remote.test", Set.of(address), List.of(),
                    MessageSource.ofBytes(("Subject: " + i + "\r\n\r\nx\r\n")
                            .getBytes(StandardCharsets.US_ASCII)), null, false));
        }
        for (int i = 0; i < routings.size(); i += 500) {
            submissions.routeAll(routings.subList(i, i + 500));
        }
        long contentsBefore = probe.count("MessageContent");
        OpenedMaildrop drop = maildrops.open(address, LEASE).orElseThrow();
        assertEquals(2_500, drop.entries().size());

        assertTrue(maildrops.commit(drop.handle(), drop.entries().stream().map(MaildropEntry::entryId)
                .collect(Collectors.toSet())));

        assertEquals(0, maildrops.open(address, LEASE).orElseThrow().entries().size());
        assertEquals(contentsBefore - 2_500, probe.count("MessageContent"));
    }
}
