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
