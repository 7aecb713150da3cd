package dev.maildock.ejb;

import dev.maildock.ejb.account.AccountService;
import dev.maildock.ejb.account.DomainService;
import dev.maildock.ejb.common.NotFoundException;
import dev.maildock.ejb.delivery.ClaimedBatch;
import dev.maildock.ejb.delivery.Handoff;
import dev.maildock.ejb.delivery.MessageQueued;
import dev.maildock.ejb.delivery.OutboundSettings;
import dev.maildock.ejb.delivery.QueueAdmin;
import dev.maildock.ejb.delivery.QueueEntryView;
import dev.maildock.ejb.delivery.QueueWork;
import dev.maildock.ejb.delivery.RecipientOutcome;
import dev.maildock.ejb.delivery.RecipientStatus;
import dev.maildock.ejb.mailbox.MailboxService;
import dev.maildock.ejb.mailbox.MessageSource;
import dev.maildock.ejb.submission.Routing;
import dev.maildock.ejb.submission.SubmissionService;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The queue's bookkeeping in the database: claims, outcomes, expiry, DSNs to a local sender. */
@ExtendWith(ArquillianExtension.class)
class QueueWorkIT {

    private static final byte[] MESSAGE =
            "From: alice@queue.test\r\nSubject: queued\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);

    @Deployment
    static WebArchive deployment() {
        return Deployments.services("queue-work-it");
    }

    @EJB
    private SubmissionService submissions;
    @EJB
    private DomainService domains;
    @EJB
    private AccountService accounts;
    @EJB
    private QueueWork work;
    @EJB
    private QueueAdmin admin;
    @EJB
    private MailboxService mailboxes;
    @EJB
    private StoreProbe store;
    @Inject
    private Handoff handoff;
    @Inject
    private QueuedProbe events;

    private long queue(String sender, String... remote) {
        return submissions.route(new Routing(sender, Set.of(), List.of(remote), MessageSource.ofBytes(MESSAGE), sender,
                false)).queueId();
    }

    private List<ClaimedBatch> claimed(String node, long messageId) {
        return work.claim(node, 50, Duration.ofMinutes(5)).stream().filter(b -> b.messageId() == messageId).toList();
    }

    private static OutboundSettings settings(Map<String, String> variables) {
        return OutboundSettings.read("mx.it.test", v -> variables.getOrDefault(v, ""));
    }

    private static long idOf(ClaimedBatch batch, String address) {
        return batch.recipients().stream().filter(r -> r.address().equals(address)).findFirst().orElseThrow().id();
    }

    private static QueueEntryView.RecipientView recipient(QueueEntryView view, String address) {
        return view.recipients().stream().filter(r -> r.address().equals(address)).findFirst().orElseThrow();
    }

    @Test
    void aClaimIsPerMessageAndDomainAndExclusiveUntilReleased() {
        long id = queue("someone@queue.test", "a@one.example", "b@one.example", "c@two.example");
        List<ClaimedBatch> first = claimed("node-a", id);
        assertEquals(2, first.size(), "one batch per destination domain");
        ClaimedBatch one = first.stream().filter(b -> b.domain().equals("one.example")).findFirst().orElseThrow();
        // Ids do not follow persist() order in EclipseLink, so the order is not part of the contract.
        assertEquals(Set.of("a@one.example", "b@one.example"),
                Set.copyOf(one.recipients().stream().map(ClaimedBatch.Recipient::address).toList()));
        assertEquals(MESSAGE.length, one.size());
        assertTrue(one.token().startsWith("node-a:"), one.token());
        assertNull(one.octets(), "a scan's batch reads the message from the store");

        assertEquals(List.of(), claimed("node-b", id), "another node cannot take claimed work");
        assertTrue(work.releaseClaims("node-a") >= 3);
        assertEquals(2, claimed("node-b", id).size(), "released claims are free again");
    }

    @Test
    void deferredRecipientsWaitThenFailAtTheEndOfTheirLifetimeWithADsn() {
        domains.create("queue.test");
        accounts.create("alice@queue.test", "pw-alice", null);
        long id = queue("alice@queue.test", "d@three.example", "e@three.example");
        ClaimedBatch batch = claimed("node-c", id).get(0);
        long d = idOf(batch, "d@three.example");
        long e = idOf(batch, "e@three.example");

        Instant before = Instant.now();
        work.record(batch, List.of(
                new RecipientOutcome(d, RecipientOutcome.Result.DEFERRED, "4.2.1", "451 4.2.1 busy", "mx.three.example"),
                new RecipientOutcome(e, RecipientOutcome.Result.DELIVERED, "2.0.0", "250 2.0.0 ok", "mx.three.example")),
                settings(Map.of("maildock.queue.retry.initial", "5m")));
        QueueEntryView view = admin.get(id);
        QueueEntryView.RecipientView waiting = recipient(view, "d@three.example");
        assertEquals(RecipientStatus.QUEUED, waiting.status());
        assertEquals(1, waiting.attempts());
        assertEquals("451 4.2.1 busy", waiting.lastReply());
        assertTrue(!waiting.nextAttempt().isBefore(before.plus(Duration.ofMinutes(5))), "retried after the initial wait");
        assertEquals(RecipientStatus.DELIVERED, recipient(view, "e@three.example").status());
        assertEquals(List.of(), claimed("node-c", id), "not due yet");

        admin.retryNow(id);
        ClaimedBatch again = claimed("node-c", id).get(0);
        assertEquals(1, again.recipients().size(), "only the waiting recipient");
        work.record(again, List.of(new RecipientOutcome(d, RecipientOutcome.Result.DEFERRED, "4.2.1", "451 4.2.1 busy again",
                "mx.three.example")), settings(Map.of("maildock.queue.lifetime", "1ms")));

        assertThrows(NotFoundException.class, () -> admin.get(id), "finished: gone from the queue");
        assertEquals(1, mailboxes.list("alice@queue.test", "INBOX").size(), "the DSN is in the sender's INBOX");
        String dsn = new String(mailboxes.raw("alice@queue.test", "INBOX", 1), StandardCharsets.US_ASCII);
        assertTrue(dsn.startsWith("Return-Path: <>\r\n"), dsn);
        assertTrue(dsn.contains("Final-Recipient: rfc822; d@three.example\r\nAction: failed\r\nStatus: 4.4.7\r\n"), dsn);
        assertTrue(!dsn.contains("Final-Recipient: rfc822; e@three.example"), dsn);
    }

    private static ClaimedBatch forDomain(List<ClaimedBatch> batches, String domain) {
        return batches.stream().filter(b -> b.domain().equals(domain)).findFirst().orElseThrow();
    }

    private static List<RecipientOutcome> delivered(ClaimedBatch batch) {
        return batch.recipients().stream().map(r -> new RecipientOutcome(r.id(), RecipientOutcome.Result.DELIVERED,
                "2.0.0", "250 2.0.0 ok", "mx." + batch.domain())).toList();
    }

    private long contentRows(long contentId) {
        return store.rows("SELECT c.id, c.size FROM MessageContent c WHERE c.id = " + contentId).size();
    }

    @Test
    void mailQueuedWhileTheWorkersHaveRoomComesClaimedForThemAndIsFinishedWhenAllIsDelivered() {
        handoff.open("node-h", 10);
        try {
            long id = queue("someone@queue.test", "a@h1.example", "b@h1.example", "c@h2.example");
            MessageQueued event = events.of(id);
            assertNotNull(event, "the event reached the after-commit phase");
            assertEquals(2, event.claimed().size(), "one claimed batch per destination domain");
            ClaimedBatch h1 = forDomain(event.claimed(), "h1.example");
            ClaimedBatch h2 = forDomain(event.claimed(), "h2.example");
            assertEquals(Set.of("a@h1.example", "b@h1.example"),
                    Set.copyOf(h1.recipients().stream().map(ClaimedBatch.Recipient::address).toList()));
            assertTrue(h1.token().startsWith("node-h:") && !h1.token().equals(h2.token()), h1.token() + " / " + h2.token());
            assertEquals(MESSAGE.length, h1.size());
            assertArrayEquals(MESSAGE, h1.octets(), "a small message is handed over with its octets");
            assertEquals(List.of(), claimed("node-x", id), "the rows are claimed in the database: no scan takes them");

            // One domain done, the other still waiting: the message stays.
            work.record(h1, delivered(h1), settings(Map.of()));
            QueueEntryView view = admin.get(id);
            assertEquals(RecipientStatus.DELIVERED, recipient(view, "a@h1.example").status());
            assertEquals(RecipientStatus.QUEUED, recipient(view, "c@h2.example").status());
            assertEquals(1, contentRows(h1.contentId()));

            // The last one: the message and its stored bytes go.
            work.record(h2, delivered(h2), settings(Map.of()));
            assertThrows(NotFoundException.class, () -> admin.get(id), "finished: gone from the queue");
            assertEquals(0, contentRows(h2.contentId()), "the stored bytes went with it");
        } finally {
            handoff.close();
        }
    }

    @Test
    void underALapsedClaimADeferralIsIgnoredButADeliveryIsRecorded() {
        handoff.open("node-h", 10);
        long id;
        ClaimedBatch stale;
        try {
            id = queue("someone@queue.test", "d@h3.example");
            stale = events.of(id).claimed().get(0);
        } finally {
            handoff.close();
        }
        // The server restarted (its claims released) and another one took the message.
        work.releaseClaims("node-h");
        ClaimedBatch current = claimed("node-y", id).get(0);
        long d = idOf(stale, "d@h3.example");

        work.record(stale, List.of(new RecipientOutcome(d, RecipientOutcome.Result.DEFERRED, "4.2.1", "451 4.2.1 busy",
                "mx.h3.example")), settings(Map.of()));
        QueueEntryView.RecipientView waiting = recipient(admin.get(id), "d@h3.example");
        assertEquals(0, waiting.attempts(), "the stale deferral is not recorded");
        assertEquals(List.of(), claimed("node-w", id), "and the current claim holds");

        // The stale worker's 250 did reach the recipient: recording it spares a second copy.
        work.record(stale, delivered(stale), settings(Map.of()));
        assertThrows(NotFoundException.class, () -> admin.get(id));
        work.record(current, delivered(current), settings(Map.of()));
        assertThrows(NotFoundException.class, () -> admin.get(id), "the current worker's outcome finds nothing to do");
    }

    @Test
    void aMessageAbove64KiBIsHandedOverWithoutItsOctets() {
        byte[] large = ("Subject: large\r\n\r\n" + "x".repeat(64 * 1024) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        handoff.open("node-h", 10);
        try {
            long id = submissions.route(new Routing("someone@queue.test", Set.of(), List.of("f@h5.example"),
                    MessageSource.ofBytes(large), "someone@queue.test", false)).queueId();
            ClaimedBatch batch = events.of(id).claimed().get(0);
            assertEquals(large.length, batch.size());
            assertNull(batch.octets(), "the worker streams it from the store instead of holding it");
            work.record(batch, delivered(batch), settings(Map.of()));
            assertThrows(NotFoundException.class, () -> admin.get(id));
        } finally {
            handoff.close();
        }
    }

    @Test
    void mailQueuedWhileEnoughBatchesWaitIsLeftForTheScans() {
        handoff.open("node-h", 0);
        try {
            long id = queue("someone@queue.test", "e@h4.example");
            assertEquals(List.of(), events.of(id).claimed());
            assertEquals(1, claimed("node-z", id).size(), "unclaimed: the next scan takes it");
        } finally {
            handoff.close();
        }
    }
}
