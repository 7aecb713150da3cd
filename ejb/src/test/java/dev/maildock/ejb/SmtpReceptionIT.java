package dev.maildock.ejb;

import dev.maildock.ejb.account.AccountService;
import dev.maildock.ejb.account.AliasService;
import dev.maildock.ejb.account.DomainService;
import dev.maildock.ejb.mailbox.MailboxService;
import dev.maildock.ejb.mailbox.MessageSource;
import dev.maildock.ejb.smtp.SmtpReception;
import dev.maildock.ejb.submission.MailIntake;
import dev.maildock.rar.api.AuthResult;
import dev.maildock.rar.api.ClientInfo;
import dev.maildock.rar.api.Envelope;
import dev.maildock.rar.api.ForwardPath;
import dev.maildock.rar.api.ReversePath;
import dev.maildock.rar.api.SessionInfo;
import dev.maildock.rar.api.Verdict;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SMTP policy of docs/architecture.md section 7, and durable local delivery through the intake, inside the server. */
@ExtendWith(ArquillianExtension.class)
class SmtpReceptionIT {

    @Deployment
    static WebArchive deployment() {
        return Deployments.services("smtp-reception-it").addClasses(SmtpReception.class, FailingOnceMessage.class);
    }

    @EJB
    private SmtpReception reception;
    @Inject
    private MailIntake intake;
    @EJB
    private DomainService domains;
    @EJB
    private AccountService accounts;
    @EJB
    private AliasService aliases;
    @EJB
    private MailboxService mailboxes;
    @EJB
    private StoreProbe probe;

    private static SessionInfo session(String authenticatedUser) {
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", 2525);
        return new SessionInfo(new ClientInfo(address, address, "smtp", authenticatedUser != null), "S1", "c.test",
                true, authenticatedUser);
    }

    private static ForwardPath to(String address) {
        int at = address.indexOf('@');
        return at < 0 ? new ForwardPath(address, null) : new ForwardPath(address.substring(0, at), address.substring(at + 1));
    }

    private void domainWithPeople(String domain) {
        domains.create(domain);
        accounts.create("alice@" + domain, "pw-alice", null);
        accounts.create("bob@" + domain, "pw-bob", null);
        aliases.create("team@" + domain, List.of("alice@" + domain, "bob@" + domain));
    }

    /** Answers are cached for speed; a change made on this server must still count at once. */
    @Test
    void directoryChangesCountAtOnceDespiteTheCache() {
        domainWithPeople("change.test");
        SessionInfo anonymous = session(null);
        assertEquals(Verdict.Outcome.ACCEPT, reception.rcptTo(anonymous, to("alice@change.test")).outcome());
        accounts.setEnabled("alice@change.test", false);
        assertEquals(Verdict.Outcome.MAILBOX_UNKNOWN, reception.rcptTo(anonymous, to("alice@change.test")).outcome());
        accounts.setEnabled("alice@change.test", true);
        assertEquals(Verdict.Outcome.ACCEPT, reception.rcptTo(anonymous, to("alice@change.test")).outcome());

        assertEquals(Verdict.Outcome.ACCEPT, reception.rcptTo(anonymous, to("team@change.test")).outcome());
        aliases.delete("team@change.test");
        assertEquals(Verdict.Outcome.MAILBOX_UNKNOWN, reception.rcptTo(anonymous, to("team@change.test")).outcome());

        assertEquals(Verdict.Outcome.RELAY_DENIED, reception.rcptTo(anonymous, to("carol@later.test")).outcome());
        domains.create("later.test");
        assertEquals(Verdict.Outcome.MAILBOX_UNKNOWN, reception.rcptTo(anonymous, to("carol@later.test")).outcome());
        accounts.create("carol@later.test", "pw-carol", null);
        assertEquals(Verdict.Outcome.ACCEPT, reception.rcptTo(anonymous, to("carol@later.test")).outcome());
        accounts.delete("carol@later.test");
        assertEquals(Verdict.Outcome.MAILBOX_UNKNOWN, reception.rcptTo(anonymous, to("carol@later.test")).outcome());
        domains.delete("later.test");
        assertEquals(Verdict.Outcome.RELAY_DENIED, reception.rcptTo(anonymous, to("carol@later.test")).outcome());
    }

    @Test
    void recipientPolicy() {
        domainWithPeople("policy.test");
        SessionInfo anonymous = session(null);
        SessionInfo alice = session("alice@policy.test");
        assertEquals(Verdict.Outcome.ACCEPT, reception.rcptTo(anonymous, to("alice@policy.test")).outcome());
        assertEquals(Verdict.Outcome.ACCEPT, reception.rcptTo(anonymous, to("ALICE@Policy.Test")).outcome());
        assertEquals(Verdict.Outcome.ACCEPT, reception.rcptTo(anonymous, to("team@policy.test")).outcome());
        assertEquals(Verdict.Outcome.MAILBOX_UNKNOWN, reception.rcptTo(anonymous, to("nobody@policy.test")).outcome());
        assertEquals(Verdict.Outcome.RELAY_DENIED, reception.rcptTo(anonymous, to("x@elsewhere.test")).outcome());
        assertEquals(Verdict.Outcome.ACCEPT, reception.rcptTo(alice, to("x@elsewhere.test")).outcome(),
                "an authenticated sender may relay: the message goes to the outbound queue");
        assertEquals(Verdict.Outcome.ACCEPT, reception.rcptTo(anonymous, to("postmaster")).outcome());
        assertEquals(Verdict.Outcome.ACCEPT, reception.rcptTo(anonymous, to("postmaster@policy.test")).outcome());
    }

    @Test
    void authenticatedSenderUsesOwnAddresses() {
        domainWithPeople("sender.test");
        SessionInfo alice = session("alice@sender.test");
        assertEquals(Verdict.Outcome.ACCEPT, reception.mailFrom(alice, new ReversePath("alice", "sender.test")).outcome());
        assertEquals(Verdict.Outcome.ACCEPT, reception.mailFrom(alice, new ReversePath("team", "sender.test")).outcome());
        assertEquals(Verdict.Outcome.ACCEPT, reception.mailFrom(alice, ReversePath.NULL).outcome());
        assertEquals(Verdict.Outcome.SENDER_NOT_OWNED,
                reception.mailFrom(alice, new ReversePath("bob", "sender.test")).outcome());
        assertEquals(Verdict.Outcome.ACCEPT,
                reception.mailFrom(session(null), new ReversePath("bob", "sender.test")).outcome());
    }

    @Test
    void authenticate() {
        domainWithPeople("login.test");
        AuthResult ok = reception.authenticate("Alice@Login.Test", "pw-alice", "192.0.2.10");
        assertEquals(AuthResult.Outcome.SUCCESS, ok.outcome());
        assertEquals("alice@login.test", ok.identity());
        assertEquals(AuthResult.Outcome.FAILURE, reception.authenticate("alice@login.test", "wrong", "192.0.2.10").outcome());
        assertEquals(AuthResult.Outcome.FAILURE, reception.authenticate("ghost@login.test", "pw-alice", "192.0.2.10").outcome());
    }

    @Test
    void deliveryStoresOnceForAllLocalAccountsWithReturnPath() {
        domainWithPeople("deliver-smtp.test");
        aliases.create("postmaster@deliver-smtp.test", List.of("bob@deliver-smtp.test"));
        byte[] message = "Received: from c.test\r\nSubject: hi\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
        long contentsBefore = probe.count("MessageContent");
        Envelope envelope = new Envelope(session(null), new ReversePath("sender", "remote.test"),
                List.of(to("alice@deliver-smtp.test"), to("team@deliver-smtp.test"), to("postmaster@deliver-smtp.test")),
                false);

        assertEquals(Verdict.Outcome.ACCEPT, intake.receive(envelope, MessageSource.ofBytes(message)).outcome());

        assertEquals(contentsBefore + 1, probe.count("MessageContent"));
        byte[] expected = ("Return-Path: <sender@remote.test>\r\n" + new String(message, StandardCharsets.US_ASCII))
                .getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(expected, mailboxes.raw("alice@deliver-smtp.test", "INBOX", 1));
        assertArrayEquals(expected, mailboxes.raw("bob@deliver-smtp.test", "INBOX", 1));
        assertEquals(1, mailboxes.list("bob@deliver-smtp.test", "INBOX").size(), "one copy per account");
    }

    /** A transaction the database rolls back for a transient reason is run again: the client hears 250, not 451. */
    @Test
    void receivedMailSurvivesATransientDatabaseFailure() {
        domainWithPeople("transient-smtp.test");
        byte[] raw = "Subject: once more\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
        FailingOnceMessage message = new FailingOnceMessage(raw, 1);
        Envelope envelope = new Envelope(session(null), new ReversePath("sender", "remote.test"),
                List.of(to("bob@transient-smtp.test")), false);

        assertEquals(Verdict.Outcome.ACCEPT, intake.receive(envelope, message).outcome());

        assertTrue(message.reads() > 1, "stored by a second transaction");
        assertEquals(1, mailboxes.list("bob@transient-smtp.test", "INBOX").size());
    }

    @Test
    void authenticatedMailToRemoteRecipientsIsQueuedWithTheLocalDeliveryInOneTransaction() {
        domainWithPeople("queue-smtp.test");
        byte[] message = "Received: from c.test\r\nSubject: out\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
        long queuedBefore = probe.count("OutboundRecipient");
        Envelope envelope = new Envelope(session("alice@queue-smtp.test"), new ReversePath("alice", "queue-smtp.test"),
                List.of(to("bob@queue-smtp.test"), to("Carol@Remote-One.test"), to("dave@remote-two.test")), false);

        assertEquals(Verdict.Outcome.ACCEPT, intake.receive(envelope, MessageSource.ofBytes(message)).outcome());

        assertEquals(1, mailboxes.list("bob@queue-smtp.test", "INBOX").size());
        assertEquals(queuedBefore + 2, probe.count("OutboundRecipient"));
        List<Object[]> queued = probe.rows("SELECT r.address, r.domain, r.status, m.reversePath FROM OutboundRecipient r"
                + " JOIN r.message m WHERE m.reversePath = 'alice@queue-smtp.test' ORDER BY r.domain");
        assertEquals(List.of("Carol@Remote-One.test", "remote-one.test", "QUEUED", "alice@queue-smtp.test"),
                List.of(queued.get(0)).stream().map(String::valueOf).toList());
        assertEquals("remote-two.test", String.valueOf(queued.get(1)[1]));
    }

    @Test
    void anonymousMailNeverQueuesForRemoteRecipients() {
        domainWithPeople("noqueue-smtp.test");
        long queuedBefore = probe.count("OutboundRecipient");
        Envelope envelope = new Envelope(session(null), new ReversePath("x", "remote.test"),
                List.of(to("alice@noqueue-smtp.test"), to("victim@remote.test")), false);
        assertEquals(Verdict.Outcome.ACCEPT,
                intake.receive(envelope, MessageSource.ofBytes("Subject: x\r\n\r\ny\r\n".getBytes(StandardCharsets.US_ASCII)))
                        .outcome());
        assertEquals(queuedBefore, probe.count("OutboundRecipient"), "no open relay, even past RCPT");
    }

    @Test
    void postmasterWithoutMailboxIsRetriedNotLost() {
        domains.create("nopm.test");
        Envelope envelope = new Envelope(session(null), ReversePath.NULL, List.of(to("postmaster@nopm.test")), false);
        assertEquals(Verdict.Outcome.TRY_LATER,
                intake.receive(envelope, MessageSource.ofBytes("Subject: x\r\n\r\ny\r\n".getBytes(StandardCharsets.US_ASCII)))
                        .outcome());
    }
}
