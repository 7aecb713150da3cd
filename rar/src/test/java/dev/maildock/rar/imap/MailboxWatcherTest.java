package dev.maildock.rar.imap;

import io.netty.channel.DefaultEventLoop;
import io.netty.util.concurrent.EventExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MailboxWatcherTest {

    private static final Duration TICK = Duration.ofMillis(20);

    /** One question the watcher asked, answered by the test. */
    private record Poll(long[] ids, long[] modSeqs, CompletableFuture<long[]> answer) {
    }

    private final EventExecutor watcherLoop = new DefaultEventLoop();
    private final EventExecutor sessionLoop = new DefaultEventLoop();
    private final BlockingQueue<Poll> polls = new LinkedBlockingQueue<>();
    private final MailboxWatcher watcher = new MailboxWatcher(watcherLoop, TICK, this::ask);

    private CompletionStage<long[]> ask(long[] ids, long[] modSeqs) {
        Poll poll = new Poll(ids, modSeqs, new CompletableFuture<>());
        polls.add(poll);
        return poll.answer;
    }

    @AfterEach
    void stop() {
        watcher.close();
        watcherLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        sessionLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private Poll nextPoll() throws InterruptedException {
        Poll poll = polls.poll(5, TimeUnit.SECONDS);
        assertNotNull(poll, "the watcher asked nothing");
        return poll;
    }

    /** Waits until the watcher's loop has handled everything queued on it. */
    private void settle() throws Exception {
        watcherLoop.submit(() -> { }).get(5, TimeUnit.SECONDS);
        sessionLoop.submit(() -> { }).get(5, TimeUnit.SECONDS);
    }

    @Test
    void nothingIsAskedWhileNothingIsRegistered() throws InterruptedException {
        assertNull(polls.poll(10 * TICK.toMillis(), TimeUnit.MILLISECONDS));
    }

    @Test
    void aThousandIdlingSessionsCostOneQuestionPerTick() throws Exception {
        AtomicInteger woken = new AtomicInteger();
        CountDownLatch wokenOnTheirLoop = new CountDownLatch(500);
        for (int i = 0; i < 1000; i++) {
            long mailboxId = i % 2 == 0 ? 10 : 20;
            watcher.watch(mailboxId, 100 + i, sessionLoop, () -> {
                woken.incrementAndGet();
                if (sessionLoop.inEventLoop()) {
                    wokenOnTheirLoop.countDown();
                }
            });
        }
        watcher.watch(30, 7, sessionLoop, woken::incrementAndGet);
        Poll poll = nextPoll();
        assertEquals(3, poll.ids().length, "one entry per mailbox, not per session");
        for (int i = 0; i < 3; i++) {
            long expected = poll.ids()[i] == 10 ? 100 : poll.ids()[i] == 20 ? 101 : 7;
            assertEquals(expected, poll.modSeqs()[i], "the lowest MODSEQ a session knows");
        }
        poll.answer().complete(new long[] {10});
        assertTrue(wokenOnTheirLoop.await(5, TimeUnit.SECONDS));
        settle();
        assertEquals(500, woken.get());
        assertEquals(501, watcher.watching(), "woken registrations are dropped, the others wait on");

        Poll next = nextPoll();
        assertArrayEquals(new long[] {20, 30}, LongStream.of(next.ids()).sorted().toArray());
    }

    @Test
    void aQuestionIsNotAskedAgainWhileUnanswered() throws Exception {
        CountDownLatch woken = new CountDownLatch(1);
        watcher.watch(5, 1, sessionLoop, woken::countDown);
        Poll slow = nextPoll();
        assertNull(polls.poll(10 * TICK.toMillis(), TimeUnit.MILLISECONDS), "ten ticks, still one question");
        slow.answer().complete(new long[0]);
        Poll next = nextPoll();
        next.answer().complete(new long[] {5});
        assertTrue(woken.await(5, TimeUnit.SECONDS));
    }

    @Test
    void aFailedQuestionIsAskedAgainAtTheNextTick() throws Exception {
        CountDownLatch woken = new CountDownLatch(1);
        watcher.watch(5, 1, sessionLoop, woken::countDown);
        nextPoll().answer().completeExceptionally(new IllegalStateException("database down"));
        Poll retry = nextPoll();
        assertArrayEquals(new long[] {5}, retry.ids());
        retry.answer().complete(new long[] {5});
        assertTrue(woken.await(5, TimeUnit.SECONDS));
    }

    @Test
    void aPollFunctionThatThrowsIsRetriedToo() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        CountDownLatch twice = new CountDownLatch(2);
        try (MailboxWatcher throwing = new MailboxWatcher(watcherLoop, TICK, (ids, modSeqs) -> {
            asked.incrementAndGet();
            twice.countDown();
            throw new IllegalStateException("no endpoint");
        })) {
            throwing.watch(5, 1, sessionLoop, () -> { });
            assertTrue(twice.await(5, TimeUnit.SECONDS));
        }
        assertTrue(asked.get() >= 2);
    }

    @Test
    void aCancelledRegistrationIsNeitherAskedAboutNorCalled() throws Exception {
        List<String> calls = new ArrayList<>();
        MailboxWatcher.Registration gone = watcher.watch(5, 1, sessionLoop, () -> calls.add("gone"));
        CountDownLatch staying = new CountDownLatch(1);
        watcher.watch(6, 1, sessionLoop, staying::countDown);
        Poll first = nextPoll();
        sessionLoop.submit(gone::cancel).get(5, TimeUnit.SECONDS);
        first.answer().complete(new long[] {5, 6});
        assertTrue(staying.await(5, TimeUnit.SECONDS));
        settle();
        assertEquals(List.of(), calls, "cancelled while its question was out");
        assertEquals(0, watcher.watching());
        assertNull(polls.poll(5 * TICK.toMillis(), TimeUnit.MILLISECONDS), "nothing left to ask about");
    }
}
