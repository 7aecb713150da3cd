package dev.maildock.rar.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * A protocol session's side of its connection, the plumbing every session (SMTP, POP3, IMAP) needs
 * and none should write again: platform calls that come back to the event loop, replies, the
 * input gate, the connection count and the peer's addresses.
 * <p>
 * A helper the session owns rather than a base class it extends: the sessions differ in everything
 * that matters (states, framing, when input resumes), so a base class would either be a bag of
 * hooks or force one shape on all of them; this object only does the parts that are truly alike,
 * and the session decides when to call them. Created in {@code channelActive}, used on the event
 * loop only (like the session's own state), so nothing here is synchronised.
 * <p>
 * Two single points on purpose: every reply octet leaves through {@link #send}, and socket reads
 * are switched only by {@link #pauseInput}/{@link #resumeInput}. Back-pressure for all protocols
 * (stop reading while the channel is not writable, bound the replies queued) belongs there, with
 * the sessions passing on {@code channelWritabilityChanged}, and nowhere else.
 *
 * @param <L> the listener interface the platform implements for this protocol
 */
public final class SessionChannel<L> {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final Runnable NOTHING = () -> { };

    private final ChannelHandlerContext ctx;
    private final EndpointDispatcher<L> dispatcher;
    private final ConnectionLimits limits;
    /** The client address this connection is counted under in {@link #limits}, until it closes. */
    private InetAddress counted;

    public SessionChannel(ChannelHandlerContext ctx, EndpointDispatcher<L> dispatcher, ConnectionLimits limits) {
        this.ctx = ctx;
        this.dispatcher = dispatcher;
        this.limits = limits;
    }

    // ---------------------------------------------------------------- connection count

    /**
     * Counts this connection under its client address, or returns false (counting nothing) when a
     * limit is reached: the session then refuses the client before the platform is asked anything,
     * so a flood costs no work thread or database call.
     */
    public boolean tryAcquireSlot() {
        InetAddress client = remoteAddress().getAddress();
        if (!limits.tryAcquire(client)) {
            return false;
        }
        counted = client;
        return true;
    }

    /** Gives back the count taken by {@link #tryAcquireSlot}, if any; call when the channel goes inactive. */
    public void releaseSlot() {
        if (counted != null) {
            limits.release(counted);
            counted = null;
        }
    }

    // ---------------------------------------------------------------- platform calls

    /**
     * Asks {@code question} on a WorkManager thread (it may block on the database); {@code then}
     * gets the answer or the failure back on the event loop, so the session's state is only ever
     * touched by one thread and the loop never waits. {@code then} runs even when the client has
     * gone: it may have to release what the call took (a spool file, a maildrop lock).
     */
    public <R> void call(Function<L, R> question, BiConsumer<R, Throwable> then) {
        call(question, then, NOTHING);
    }

    /**
     * As {@link #call(Function, BiConsumer)}, and runs {@code after} once {@code then} has run: the
     * session's bookkeeping common to all its answers (resuming input), passed as one object the
     * session keeps rather than as a wrapper around every {@code then}, which would cost an
     * allocation per call.
     */
    public <R> void call(Function<L, R> question, BiConsumer<R, Throwable> then, Runnable after) {
        dispatcher.call(question).whenComplete((answer, failure) -> {
            try {
                ctx.executor().execute(() -> {
                    then.accept(answer, failure);
                    after.run();
                });
            } catch (RejectedExecutionException e) {
                // The event loop is shutting down with the server: the connection goes with it.
            }
        });
    }

    // ---------------------------------------------------------------- input

    /** Stops reading from the socket: what the client sends meanwhile waits in the kernel. */
    public void pauseInput() {
        ctx.channel().config().setAutoRead(false);
    }

    /** Reads from the socket again, unless the channel is closed. */
    public void resumeInput() {
        if (ctx.channel().isActive()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    // ---------------------------------------------------------------- replies

    /** Sends one reply line (without its CRLF, which is added here) in one write and one flush. */
    public void reply(String line) {
        send(replyBuffer(line));
    }

    /** Sends one reply line, then closes the connection once it has been written. */
    public void replyAndClose(String line) {
        send(replyBuffer(line)).addListener(ChannelFutureListener.CLOSE);
    }

    /**
     * Sends a reply built in one buffer (a multi-line response, a message) in one write and one
     * flush: pipelining clients get it in as few segments as the kernel allows, with no
     * Nagle/delayed-ACK stall between lines.
     */
    public ChannelFuture send(ByteBuf reply) {
        return ctx.writeAndFlush(reply);
    }

    /** An empty buffer for a reply of several lines; fill it with {@link #appendLine} and {@link #send} it. */
    public ByteBuf newReply() {
        return ctx.alloc().buffer();
    }

    /** Appends {@code line} and its CRLF. */
    public static void appendLine(ByteBuf reply, String line) {
        reply.writeCharSequence(line, StandardCharsets.UTF_8);
        reply.writeBytes(CRLF);
    }

    private ByteBuf replyBuffer(String line) {
        ByteBuf out = ctx.alloc().buffer(line.length() + 2);
        appendLine(out, line);
        return out;
    }

    // ---------------------------------------------------------------- peer

    public InetSocketAddress remoteAddress() {
        return inet(ctx.channel().remoteAddress());
    }

    public InetSocketAddress localAddress() {
        return inet(ctx.channel().localAddress());
    }

    /** Socket channels have IP addresses; other transports (in-VM, tests) get the loopback. */
    private static InetSocketAddress inet(SocketAddress address) {
        return address instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet : new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }
}
