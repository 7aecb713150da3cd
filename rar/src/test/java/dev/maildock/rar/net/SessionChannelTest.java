package dev.maildock.rar.net;

import dev.maildock.rar.net.EndpointDispatcherTest.Greeter;
import dev.maildock.rar.testing.ExecutorWorkManager;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The plumbing the protocol sessions share, on a real pipeline (an embedded channel) with listener
 * calls on a real thread pool, as the WorkManager runs them.
 */
class SessionChannelTest {

    private final ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "work"));
    private final EndpointDispatcher<Greeter> dispatcher = new EndpointDispatcher<>(
            new EndpointDispatcherTest.Endpoints(name -> "hello " + name + " on " + Thread.currentThread().getName()),
            new ExecutorWorkManager(pool), Greeter.class);
    private final ConnectionLimits limits = new ConnectionLimits(10, 1);

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    /** The session's handler: here only the owner of its context. */
    private static final class Owner extends ChannelInboundHandlerAdapter {
        ChannelHandlerContext ctx;

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            this.ctx = ctx;
        }
    }

    private SessionChannel<Greeter> open(EmbeddedChannel channel) {
        Owner owner = new Owner();
        channel.pipeline().addLast(owner);
        return new SessionChannel<>(owner.ctx, dispatcher, limits);
    }

    @Test
    void aReplyIsOneLineInOneBuffer() {
        EmbeddedChannel channel = new EmbeddedChannel();
        SessionChannel<Greeter> session = open(channel);
        session.reply("250 2.0.0 OK");
        session.reply("250-first\r\n250 second");
        assertEquals("250 2.0.0 OK\r\n", readOne(channel));
        assertEquals("250-first\r\n250 second\r\n", readOne(channel));
        assertNull(channel.readOutbound());
        assertTrue(channel.isOpen());
    }

    @Test
    void aReplyOfSeveralLinesIsBuiltAndSentAsOne() {
        EmbeddedChannel channel = new EmbeddedChannel();
        SessionChannel<Greeter> session = open(channel);
        ByteBuf listing = session.newReply();
        SessionChannel.appendLine(listing, "+OK 2 messages");
        SessionChannel.appendLine(listing, "1 120");
        SessionChannel.appendLine(listing, ".");
        session.send(listing);
        assertEquals("+OK 2 messages\r\n1 120\r\n.\r\n", readOne(channel));
    }

    @Test
    void replyAndCloseClosesOnceTheReplyIsWritten() {
        EmbeddedChannel channel = new EmbeddedChannel();
        SessionChannel<Greeter> session = open(channel);
        session.replyAndClose("221 2.0.0 closing");
        assertEquals("221 2.0.0 closing\r\n", readOne(channel));
        assertFalse(channel.isOpen());
    }

    @Test
    void anAnswerComesBackOnTheEventLoopThenTheAfterStep() throws Exception {
        EmbeddedChannel channel = new EmbeddedChannel();
        SessionChannel<Greeter> session = open(channel);
        List<String> seen = new ArrayList<>();
        session.call(greeter -> greeter.greet("client"), (answer, failure) -> seen.add(answer + " / " + failure),
                () -> seen.add("after"));
        pool.shutdown();
        assertTrue(pool.awaitTermination(5, TimeUnit.SECONDS));
        // Nothing ran on the work thread but the question: the rest waits for the event loop.
        assertTrue(seen.isEmpty());
        channel.runPendingTasks();
        assertEquals(List.of("hello client on work / null", "after"), seen);
    }

    @Test
    void inputIsPausedAndResumedOnlyWhileTheChannelIsOpen() {
        EmbeddedChannel channel = new EmbeddedChannel();
        SessionChannel<Greeter> session = open(channel);
        session.pauseInput();
        assertFalse(channel.config().isAutoRead());
        session.resumeInput();
        assertTrue(channel.config().isAutoRead());
        session.pauseInput();
        channel.close();
        session.resumeInput();
        assertFalse(channel.config().isAutoRead());
    }

    /** Makes the channel unwritable or writable again, as a full or drained socket would. */
    private static void backlog(EmbeddedChannel channel, boolean full) {
        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, !full);
    }

    @Test
    void inputReadsOnlyWhenNeitherTheSessionNorTheBacklogHoldsIt() {
        EmbeddedChannel channel = new EmbeddedChannel();
        SessionChannel<Greeter> session = open(channel);
        backlog(channel, true);
        assertFalse(session.writabilityChanged());
        assertTrue(session.backlogged());
        assertFalse(channel.config().isAutoRead());
        // The session's own pause and resume (a RETR, a platform call) do not undo the backlog's ...
        session.pauseInput();
        assertFalse(session.resumeInput());
        assertFalse(channel.config().isAutoRead());
        // ... nor does the backlog draining undo the session's.
        session.pauseInput();
        backlog(channel, false);
        assertFalse(session.writabilityChanged());
        assertFalse(session.backlogged());
        assertFalse(channel.config().isAutoRead());
        assertTrue(session.resumeInput());
        assertTrue(channel.config().isAutoRead());
    }

    @Test
    void aSessionThatKeepsSendingWhileBackloggedIsClosed() {
        EmbeddedChannel channel = new EmbeddedChannel();
        SessionChannel<Greeter> session = open(channel);
        List<String> exceeded = new ArrayList<>();
        session.startDeadlines(Duration.ZERO, 0, () -> { }, () -> exceeded.add("exceeded"));
        backlog(channel, true);
        session.writabilityChanged();
        String line = "x".repeat(1000);
        for (int sent = 0; sent <= SessionChannel.MAX_BACKLOG_OVERRUN; sent += line.length() + 2) {
            assertTrue(channel.isActive(), "open up to the bound, after " + sent + " octets");
            session.reply(line);
        }
        assertFalse(channel.isActive());
        assertEquals(List.of("exceeded"), exceeded);
        channel.finishAndReleaseAll();
    }

    @Test
    void aDrainedBacklogStartsTheBoundAgain() {
        EmbeddedChannel channel = new EmbeddedChannel();
        SessionChannel<Greeter> session = open(channel);
        String line = "x".repeat(1000);
        for (int round = 0; round < 3; round++) {
            backlog(channel, true);
            session.writabilityChanged();
            for (int sent = 0; sent < SessionChannel.MAX_BACKLOG_OVERRUN / 2; sent += line.length() + 2) {
                session.reply(line);
            }
            backlog(channel, false);
            session.writabilityChanged();
        }
        assertTrue(channel.isActive());
        channel.finishAndReleaseAll();
    }

    @Test
    void aDeadlinePassesUnlessARecordRestartsIt() throws InterruptedException {
        EmbeddedChannel channel = new EmbeddedChannel();
        SessionChannel<Greeter> session = open(channel);
        List<String> passed = new ArrayList<>();
        session.startDeadlines(Duration.ofMillis(150), 0, () -> passed.add("passed"), () -> { });
        for (int i = 0; i < 4; i++) {
            Thread.sleep(75);
            session.restartDeadline();
            channel.runScheduledPendingTasks();
        }
        assertEquals(List.of(), passed, "restarted every 75 ms, it never passes");
        Thread.sleep(200);
        channel.runScheduledPendingTasks();
        assertEquals(List.of("passed"), passed);
    }

    @Test
    void withoutAMinimumRateAnyContentGivesTheWholeLimitAgain() throws InterruptedException {
        EmbeddedChannel channel = new EmbeddedChannel();
        SessionChannel<Greeter> session = open(channel);
        List<String> passed = new ArrayList<>();
        session.startDeadlines(Duration.ofMillis(150), 0, () -> passed.add("passed"), () -> { });
        for (int i = 0; i < 6; i++) {
            Thread.sleep(75);
            session.contentReceived(1);
            channel.runScheduledPendingTasks();
        }
        assertEquals(List.of(), passed, "content every 75 ms keeps a session without a minimum rate");
        Thread.sleep(200);
        channel.runScheduledPendingTasks();
        assertEquals(List.of("passed"), passed, "silence still ends it");
    }

    @Test
    void contentBuysTimeAtTheMinimumRateOnly() throws InterruptedException {
        EmbeddedChannel channel = new EmbeddedChannel();
        SessionChannel<Greeter> session = open(channel);
        List<String> passed = new ArrayList<>();
        // 150 ms of slack; at 1000 octets/s one octet buys a millisecond.
        session.startDeadlines(Duration.ofMillis(150), 1000, () -> passed.add("passed"), () -> { });
        for (int i = 0; i < 6 && passed.isEmpty(); i++) {
            Thread.sleep(50);
            session.contentReceived(1); // a trickle: far below the rate
            channel.runScheduledPendingTasks();
        }
        assertEquals(List.of("passed"), passed, "a trickler is cut once the slack is used up");
    }

    @Test
    void aConnectionIsCountedUnderItsClientUntilReleased() {
        SessionChannel<Greeter> first = open(new EmbeddedChannel());
        SessionChannel<Greeter> second = open(new EmbeddedChannel());
        // Embedded channels have no IP address: they count as the loopback, as in-VM clients do.
        assertEquals(InetAddress.getLoopbackAddress(), first.remoteAddress().getAddress());
        assertTrue(first.tryAcquireSlot());
        assertFalse(second.tryAcquireSlot(), "one connection per client address");
        assertEquals(1, limits.open());
        first.releaseSlot();
        first.releaseSlot();
        assertEquals(0, limits.open(), "released once, however often the session says so");
        assertTrue(second.tryAcquireSlot());
    }

    private static String readOne(EmbeddedChannel channel) {
        ByteBuf out = channel.readOutbound();
        try {
            return out.toString(StandardCharsets.UTF_8);
        } finally {
            out.release();
        }
    }
}
