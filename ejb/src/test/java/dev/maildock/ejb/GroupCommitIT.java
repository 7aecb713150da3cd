package dev.maildock.ejb;

import dev.maildock.ejb.account.AccountService;
import dev.maildock.ejb.account.DomainService;
import dev.maildock.ejb.mailbox.EntryView;
import dev.maildock.ejb.mailbox.MailboxService;
import dev.maildock.ejb.mailbox.MessageSource;
import dev.maildock.ejb.submission.GroupCommit;
import dev.maildock.ejb.submission.Routing;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Concurrent deliveries committed in groups: each caller returns only once its own message is stored. */
@ExtendWith(ArquillianExtension.class)
class GroupCommitIT {

    private static final int SENDERS = 24;

    @Deployment
    static WebArchive deployment() {
        return Deployments.services("group-commit-it");
    }

    @Inject
    private GroupCommit commits;
    @EJB
    private DomainService domains;
    @EJB
    private AccountService accounts;
    @EJB
    private MailboxService mailboxes;

    private static MessageSource message(int n) {
        return MessageSource.ofBytes(("Subject: m" + n + "\r\n\r\nbody " + n + "\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    /** Readable once (for the listing summary), then its content fails like a vanished spool file. */
    private static MessageSource failingOnSecondRead() {
        MessageSource good = message(-1);
        return new MessageSource() {
            private int opened;

            @Override
            public synchronized InputStream open() throws IOException {
                if (opened++ > 0) {
                    throw new IOException("spool file gone");
                }
                return good.open();
            }

            @Override
            public long size() {
                return good.size();
            }
        };
    }

    @Test
    void concurrentDeliveriesToOneInboxAllLandWithDistinctUidsAndABadOneFailsAlone() throws Exception {
        domains.create("group.test");
        accounts.create("busy@group.test", "pw", null);
        CountDownLatch start = new CountDownLatch(1);
        // Plain threads stand for the adapter's work threads: the bean and the services behind it
        // need no context from the caller.
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        List<Future<?>> results = new ArrayList<>();
        try {
            for (int i = 0; i < SENDERS; i++) {
                MessageSource source = i == SENDERS / 2 ? failingOnSecondRead() : message(i);
                results.add(senders.submit(() -> {
                    start.await();
                    commits.commit(new Routing("s@remote.test", Set.of("busy@group.test"), List.of(), source, null, false));
                    return null;
                }));
            }
            start.countDown();
        } finally {
            senders.shutdown();
        }
        int failed = 0;
        for (Future<?> result : results) {
            try {
                result.get();
            } catch (ExecutionException e) {
                failed++;
            }
        }

        assertEquals(1, failed, "only the message whose content could not be read fails");
        List<EntryView> inbox = mailboxes.list("busy@group.test", "INBOX");
        assertEquals(SENDERS - 1, inbox.size());
        assertEquals(LongStream.rangeClosed(1, SENDERS - 1).boxed().toList(), inbox.stream().map(EntryView::uid).toList(),
                "UIDs handed out without gaps or repeats under concurrency");
        for (EntryView entry : inbox) {
            String raw = new String(mailboxes.raw("busy@group.test", "INBOX", entry.uid()), StandardCharsets.US_ASCII);
            assertTrue(raw.startsWith("Return-Path: <s@remote.test>\r\nSubject: " + entry.subject() + "\r\n"), raw);
        }
    }

    @Test
    void aFailureReachesItsCaller() {
        domains.create("group-fail.test");
        assertThrows(RuntimeException.class, () -> commits.commit(new Routing("s@remote.test",
                Set.of("nobody@group-fail.test"), List.of(), message(1), null, false)));
    }
}
