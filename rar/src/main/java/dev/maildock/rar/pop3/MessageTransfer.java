package dev.maildock.rar.pop3;

import dev.maildock.rar.api.MaildropMessage;
import dev.maildock.rar.api.Pop3Listener;
import dev.maildock.rar.net.SessionChannel;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;

import java.util.Arrays;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One RETR or TOP response, fetched from the platform in chunks.
 * <p>
 * A message that fits in one chunk goes out in one flush with its status line and terminator
 * (the common case, and the fast one: no Nagle/delayed-ACK stall). A larger one is flushed chunk by
 * chunk, and the next chunk is fetched only once the socket has drained, so a slow reader costs
 * about one chunk of memory, not a whole message.
 */
final class MessageTransfer {

    /** What the session does when the transfer ends. */
    interface Completion {
        /** The whole response has been written. */
        void sent();

        /** Nothing could be fetched, nothing was written: the command can still be answered -ERR. */
        void failedBeforeOutput();
    }

    private static final Logger LOG = Logger.getLogger(MessageTransfer.class.getName());
    /** The status line's CRLF, a CRLF ending an unterminated last line, and "." CRLF. */
    private static final int TERMINATOR_ROOM = 7;

    private final ChannelHandlerContext ctx;
    private final SessionChannel<Pop3Listener> channel;
    private final String handle;
    private final MaildropMessage message;
    private final DotStuffer stuffer;
    private final int chunkSize;
    private final Completion completion;
    private ByteBuf out;
    private long offset;
    /** Part of the response is on its way: an error can no longer be answered with -ERR. */
    private boolean started;
    private boolean waitingForWritable;

    MessageTransfer(ChannelHandlerContext ctx, SessionChannel<Pop3Listener> channel, String handle,
                    MaildropMessage message, DotStuffer stuffer, int chunkSize, Completion completion) {
        this.ctx = ctx;
        this.channel = channel;
        this.handle = handle;
        this.message = message;
        this.stuffer = stuffer;
        this.chunkSize = chunkSize;
        this.completion = completion;
    }

    void start(String statusLine) {
        start(statusLine, null);
    }

    /**
     * Starts the response; with {@code whole} (the message's content, already fetched) it is sent
     * at once, without asking the platform.
     */
    void start(String statusLine, byte[] whole) {
        // Sized for the whole response when the content is here (stuffing rarely adds to it): the
        // copy then never grows the buffer.
        out = whole == null ? ctx.alloc().buffer()
                : ctx.alloc().buffer(statusLine.length() + whole.length + TERMINATOR_ROOM);
        SessionChannel.appendLine(out, statusLine);
        if (whole != null) {
            arrived(whole, null, (int) message.size());
        } else {
            fetchOrFinish();
        }
    }

    /** The socket drained: fetch the next chunk if the transfer was waiting for that. */
    void writable() {
        if (waitingForWritable) {
            waitingForWritable = false;
            fetchOrFinish();
        }
    }

    private void fetchOrFinish() {
        if (offset >= message.size() || stuffer.done()) {
            stuffer.finish(out);
            channel.send(out);
            out = null;
            completion.sent();
            return;
        }
        int length = (int) Math.min(chunkSize, message.size() - offset);
        long from = offset;
        channel.call(listener -> listener.retrieve(handle, message.id(), from, length),
                (chunk, failure) -> arrived(chunk, failure, length));
    }

    private void arrived(byte[] chunk, Throwable failure, int asked) {
        if (!ctx.channel().isActive()) {
            out.release();
            return;
        }
        if (failure != null || chunk == null || chunk.length == 0) {
            LOG.log(Level.WARNING, "MAILDOCK0224W: The POP3 platform could not retrieve message " + message.id()
                    + " at offset " + offset + ".", failure);
            out.release();
            if (started) {
                // The client already has part of the message: only a cut connection tells it so.
                ctx.close();
            } else {
                completion.failedBeforeOutput();
            }
            return;
        }
        // The listed size is what the client was promised: never send more.
        byte[] content = chunk.length > asked ? Arrays.copyOf(chunk, asked) : chunk;
        stuffer.encode(content, out);
        offset += content.length;
        if (offset >= message.size() || stuffer.done()) {
            fetchOrFinish();
            return;
        }
        channel.send(out);
        started = true;
        out = ctx.alloc().buffer();
        if (ctx.channel().isWritable()) {
            fetchOrFinish();
        } else {
            waitingForWritable = true;
        }
    }
}
