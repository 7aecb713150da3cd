package dev.maildock.rar.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.WriteBufferWaterMark;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
 * <p>
 * Input is paused for up to two reasons at once, kept apart so that neither undoes the other: the
 * session's own (a platform call in flight, a message being sent) and the channel's (replies
 * queued past Netty's write-buffer high-water mark, because the client is not reading them). The
 * socket reads only when neither holds, and the session frames nothing while {@link #backlogged}
 * is true: a client that pipelines commands without reading their replies stops itself, its
 * commands waiting in its own socket buffer rather than its replies in our heap.
 * <p>
 * Per-record deadlines ({@link #startDeadlines}) bound how long a client may take per command
 * line and how slowly it may send message content.
 *
 * @param <L> the listener interface the platform implements for this protocol
 */
public final class SessionChannel<L> {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final Runnable NOTHING = () -> { };
    /**
     * When a channel counts as backlogged (high, 64 KiB of replies not yet taken by the kernel)
     * and when no longer (low, 32 KiB): Netty's defaults, named here because the back-pressure
     * depends on them. A pipelining client's replies (a few dozen octets each) and a RETR chunk
     * flow freely under them.
     */
    public static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(32 * 1024, 64 * 1024);
    /** A reason for paused input: the session's (see {@link #pauseInput}). */
    private static final int SESSION = 1;
    /** A reason for paused input: replies are queued past the high-water mark. */
    private static final int BACKLOG = 2;
    /**
     * Reply octets a session may still send once backlogged. With framing stopped it sends at most
     * the answer to what was already under way (one reply line, an EHLO or CAPA list, the rest of
     * a RETR chunk waits for writability), far below this; more means a session kept talking to a
     * client that does not read, and the connection is closed rather than the heap filled.
     */
    static final int MAX_BACKLOG_OVERRUN = 1024 * 1024;

    private final ChannelHandlerContext ctx;
    private final EndpointDispatcher<L> dispatcher;
    private final ConnectionLimits limits;
    /** The client address this connection is counted under in {@link #limits}, until it closes. */
    private InetAddress counted;
    /** Why input is paused: {@link #SESSION} and/or {@link #BACKLOG}; reading only when 0. */
    private int pausedFor;
    /** Reply octets sent since the channel became backlogged. */
    private long overrun;
    /** Platform calls whose answer has not been handled yet: the client is waiting for us. */
    private int calls;
    private RecordDeadline deadline;
    private Runnable backlogExceeded = NOTHING;

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
     * gone: it may have to release what the call took (a spool file, a maildrop lock). The client
     * waits for the answer: the deadline does not run meanwhile, and restarts with the answer.
     */
    public <R> void call(Function<L, R> question, BiConsumer<R, Throwable> then) {
        call(question, then, NOTHING);
    }

    /**
     * As {@link #call(Function, BiConsumer)} for the session's own housekeeping (renewing a lock),
     * which the client does not wait for: it neither stops nor restarts the deadline, or a quiet
     * client would be kept alive by its own lease.
     */
    public <R> void callAside(Function<L, R> question, BiConsumer<R, Throwable> then) {
        dispatch(question, then, NOTHING, false);
    }

    /**
     * As {@link #call(Function, BiConsumer)}, and runs {@code after} once {@code then} has run: the
     * session's bookkeeping common to all its answers (resuming input), passed as one object the
     * session keeps rather than as a wrapper around every {@code then}, which would cost an
     * allocation per call.
     */
    public <R> void call(Function<L, R> question, BiConsumer<R, Throwable> then, Runnable after) {
        dispatch(question, then, after, true);
    }

    private <R> void dispatch(Function<L, R> question, BiConsumer<R, Throwable> then, Runnable after,
                              boolean clientWaits) {
        if (clientWaits) {
            calls++;
        }
        dispatcher.call(question).whenComplete((answer, failure) -> {
            try {
                ctx.executor().execute(() -> {
                    if (clientWaits) {
                        calls--;
                        // The client waited for this answer: its time for the next record starts now.
                        restartDeadline();
                    }
                    then.accept(answer, failure);
                    after.run();
                });
            } catch (RejectedExecutionException e) {
                // The event loop is shutting down with the server: the connection goes with it.
            }
        });
    }

    // ---------------------------------------------------------------- input

    /**
     * Stops reading from the socket for the session's own reason: what the client sends meanwhile
     * waits in the kernel.
     */
    public void pauseInput() {
        pause(SESSION);
    }

    /**
     * Withdraws the session's reason to pause; the socket reads again unless the channel is closed
     * or backlogged.
     *
     * @return whether input is now open, so the session may frame what it holds
     */
    public boolean resumeInput() {
        return resume(SESSION);
    }

    /**
     * Replies are queued past the high-water mark: the session must not frame the next command
     * (its reply would only queue up behind), whatever it holds. A field read, cheap per frame.
     */
    public boolean backlogged() {
        return (pausedFor & BACKLOG) != 0;
    }

    /**
     * The session's {@code channelWritabilityChanged}: pauses input while the client does not
     * read its replies, resumes it (unless the session has its own reason) when it does again.
     *
     * @return whether input is open now (writable, and the session has no reason of its own to
     *         pause): the session may frame what it holds
     */
    public boolean writabilityChanged() {
        if (!ctx.channel().isWritable()) {
            pause(BACKLOG);
            return false;
        }
        overrun = 0;
        // The client is reading what we send (a long listing, a message): that is progress.
        restartDeadline();
        return resume(BACKLOG);
    }

    private void pause(int reason) {
        if (pausedFor == 0) {
            ctx.channel().config().setAutoRead(false);
        }
        pausedFor |= reason;
    }

    private boolean resume(int reason) {
        if (pausedFor == 0) {
            return true;
        }
        pausedFor &= ~reason;
        if (pausedFor != 0) {
            return false;
        }
        if (ctx.channel().isActive()) {
            ctx.channel().config().setAutoRead(true);
        }
        return true;
    }

    // ---------------------------------------------------------------- deadlines

    /**
     * Starts the per-record deadlines (see {@link RecordDeadline}); a zero {@code perRecord}
     * starts none. The clock stops while a platform call is in flight.
     *
     * @param minDataRate     octets per second content must average ({@link #contentReceived}); 0 for none
     * @param passed          what the session does when a client is too slow
     * @param backlogExceeded what the session does when it exceeded {@link #MAX_BACKLOG_OVERRUN}
     *                        (the channel is closed after it)
     */
    public void startDeadlines(Duration perRecord, long minDataRate, Runnable passed, Runnable backlogExceeded) {
        this.backlogExceeded = backlogExceeded;
        if (perRecord.isZero()) {
            return;
        }
        RecordDeadline started = new RecordDeadline(ctx.executor(), perRecord, minDataRate, () -> calls > 0, passed);
        deadline = started;
        ctx.channel().closeFuture().addListener(f -> started.stop());
    }

    /** A whole command line arrived (or was answered): the client has the full time for the next. */
    public void restartDeadline() {
        if (deadline != null) {
            deadline.restart();
        }
    }

    /** Message content arrived: it buys time at the minimum data rate. */
    public void contentReceived(int octets) {
        if (deadline != null) {
            deadline.credit(octets);
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
        if (backlogged() && (overrun += reply.readableBytes()) > MAX_BACKLOG_OVERRUN) {
            reply.release();
            Runnable exceeded = backlogExceeded;
            backlogExceeded = NOTHING; // once: later sends of the same answer meet a closed channel
            exceeded.run();
            return ctx.close();
        }
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
