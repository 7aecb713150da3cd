package dev.maildock.ejb;

import dev.maildock.ejb.account.AccountService;
import dev.maildock.ejb.account.AliasService;
import dev.maildock.ejb.account.DomainService;
import dev.maildock.ejb.mailbox.MailboxService;
import dev.maildock.ejb.mailbox.MessageSource;
import dev.maildock.ejb.submission.MailIntake;
import dev.maildock.ejb.submission.RecipientsRefusedException;
import dev.maildock.ejb.submission.SenderNotOwnedException;
import dev.maildock.ejb.submission.Submission;
import dev.maildock.ejb.submission.SubmissionReceipt;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Submission by the Jakarta Mail provider and the webmail ({@link MailIntake#submit}), inside the server. */
@ExtendWith(ArquillianExtension.class)
class SubmissionServiceIT {

    private static final byte[] MESSAGE =
            "From: alice@submit.test\r\nSubject: plan\r\n\r\nline one\r\n".getBytes(StandardCharsets.US_ASCII);

    @Deployment
    static WebArchive deployment() {
        return Deployments.services("submission-it").addClass(FailingOnceMessage.class);
    }

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

    private void people(String domain) {
        domains.create(domain);
        accounts.create("alice@" + domain, "pw-alice", null);
        accounts.create("bob@" + domain, "pw-bob", null);
        aliases.create("sales@" + domain, List.of("alice@" + domain));
    }

    @Test
    void localRecipientsGetTheMessageRemoteOnesAreQueuedAndSentKeepsACopy() {
        people("submit.test");
        long queuedBefore = probe.count("OutboundRecipient");
        SubmissionReceipt receipt = intake.submit(new Submission("alice@submit.test", "sales@submit.test",
                List.of("bob@submit.test", "someone@far-away.test"), MessageSource.ofBytes(MESSAGE), "LOCAL", true));

        assertEquals(List.of("bob@submit.test"), receipt.delivered());
        assertEquals(List.of("someone@far-away.test"), receipt.queued());
        assertNotNull(receipt.queueId());
        assertEquals(queuedBefore + 1, probe.count("OutboundRecipient"));

        String inbox = new String(mailboxes.raw("bob@submit.test", "INBOX", 1), StandardCharsets.US_ASCII);
        assertTrue(inbox.startsWith("Return-Path: <sales@submit.test>\r\nReceived: from alice@submit.test"), inbox);
        assertTrue(inbox.contains(" with LOCAL id "), inbox);
        assertTrue(inbox.endsWith("\r\n\r\nline one\r\n"), "body byte-exact: " + inbox);
        assertArrayEquals(MESSAGE, mailboxes.raw("alice@submit.test", "Sent", receipt.sentUid()));
        assertTrue(mailboxes.list("alice@submit.test", "Sent").get(0).seen(), "a sent copy is read already");
    }

    /** Queued mail is marked 8-bit (sent with BODY=8BITMIME, or converted) only when it has such octets. */
    @Test
    void queuedMailIsMarkedEightBitOnlyWhenItHasEightBitOctets() {
        people("eight.test");
        Long ascii = intake.submit(new Submission("alice@eight.test", "alice@eight.test", List.of("x@far-away.test"),
                MessageSource.ofBytes(MESSAGE), "LOCAL", false)).queueId();
        Long utf8 = intake.submit(new Submission("alice@eight.test", "alice@eight.test", List.of("x@far-away.test"),
                MessageSource.ofBytes("Subject: Привет\r\n\r\nпривет\r\n".getBytes(StandardCharsets.UTF_8)), "LOCAL",
                false)).queueId();
        assertEquals(List.of(false, true), List.of(ascii, utf8).stream().map(id -> (Boolean) probe.rows(
                "SELECT m.id, m.eightBit FROM OutboundMessage m WHERE m.id = " + id).get(0)[1]).toList());
    }

    @Test
    void anUnknownLocalRecipientRefusesTheWholeSubmission() {
        people("refuse.test");
        long contentsBefore = probe.count("MessageContent");
        RecipientsRefusedException refused = assertThrows(RecipientsRefusedException.class, () -> intake.submit(
                new Submission("alice@refuse.test", "alice@refuse.test",
                        List.of("bob@refuse.test", "ghost@refuse.test", "not an address"),
                        MessageSource.ofBytes(MESSAGE), "LOCAL", true)));

        assertEquals(List.of("ghost@refuse.test", "not an address"), refused.getPlan().invalid());
        assertEquals(List.of("bob@refuse.test"), refused.getPlan().local());
        assertEquals(contentsBefore, probe.count("MessageContent"), "nothing stored");
        assertEquals(0, mailboxes.list("bob@refuse.test", "INBOX").size());
    }

    @Test
    void nobodySendsAsSomeoneElse() {
        people("owner.test");
        assertThrows(SenderNotOwnedException.class, () -> intake.submit(new Submission("bob@owner.test",
                "alice@owner.test", List.of("alice@owner.test"), MessageSource.ofBytes(MESSAGE), "LOCAL", false)));
        assertThrows(SenderNotOwnedException.class, () -> intake.submit(new Submission("bob@owner.test",
                "sales@owner.test", List.of("alice@owner.test"), MessageSource.ofBytes(MESSAGE), "LOCAL", false)));
        assertEquals(0, mailboxes.list("alice@owner.test", "INBOX").size());
    }

    /**
     * The webmail's send is as durable as SMTP's (see SmtpReceptionIT): a transaction the database
     * rolls back for a transient reason is run again, and the sender hears "sent", not an error.
     */
    @Test
    void aWebmailSendSurvivesATransientDatabaseFailure() {
        people("transient.test");
        // Read 1 is the submission's scan for 8-bit octets; read 2 is the first while it is stored.
        FailingOnceMessage message = new FailingOnceMessage(MESSAGE, 2);

        SubmissionReceipt receipt = intake.submit(new Submission("alice@transient.test", "alice@transient.test",
                List.of("bob@transient.test"), message, "HTTPS", true));

        assertEquals(List.of("bob@transient.test"), receipt.delivered());
        assertTrue(message.reads() > 2, "stored by a second transaction");
        assertEquals(1, mailboxes.list("bob@transient.test", "INBOX").size());
        assertEquals(1, mailboxes.list("alice@transient.test", "Sent").size(), "and the Sent copy, once");
    }
}
