package dev.maildock.rar.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;

/**
 * The part every protocol's framer shares: received octets are gathered, and frames are cut from
 * them one at a time, by {@link #frame()}, only while the session lets it.
 * <p>
 * Netty's {@code ByteToMessageDecoder} cannot be used because the meaning of the next octet depends
 * on the session's answer to the previous frame, and that answer may come later from another
 * thread. So the session can {@link #pause()} the framer: the unread octets stay here, untouched,
 * until {@link #resume()}, and {@link #discardBuffered()} drops them (after STARTTLS nothing
 * pipelined may be acted on).
 */
public abstract class PausableFramer extends ChannelInboundHandlerAdapter {

    /** The handler's context, set when it is added to the pipeline. */
    protected ChannelHandlerContext ctx;
    /** Received octets not framed yet, or null. */
    protected ByteBuf buffered;
    private boolean paused;
    private boolean draining;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseAll();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        releaseAll();
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        buffered = buffered == null ? in : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), buffered, in);
        drain();
    }

    /** Stops framing; what is unread stays buffered. */
    public void pause() {
        paused = true;
    }

    /** Resumes framing with what is buffered. Call on the event loop. */
    public void resume() {
        paused = false;
        drain();
    }

    /** Drops every octet received but not framed yet. */
    public void discardBuffered() {
        releaseBuffer();
    }

    /** Frames what is buffered while not paused and {@link #mayFrame()}. */
    protected final void drain() {
        if (draining) {
            return; // called from inside a frame's handling: the running loop goes on
        }
        draining = true;
        try {
            while (!paused && mayFrame() && buffered != null && buffered.isReadable() && ctx.channel().isActive()) {
                if (!frame()) {
                    break;
                }
            }
        } finally {
            draining = false;
        }
        if (buffered != null && !buffered.isReadable()) {
            releaseBuffer();
        } else if (buffered != null && buffered.refCnt() == 1 && !buffered.isReadOnly()) {
            buffered.discardSomeReadBytes();
        }
    }

    /**
     * Reads from {@link #buffered} (which is readable) and fires at most one frame.
     *
     * @return whether it made progress (false: more octets needed)
     */
    protected abstract boolean frame();

    /** False while the framer waits for the session for a reason of its own. */
    protected boolean mayFrame() {
        return true;
    }

    /** The connection or the handler is gone: frees what the framer holds. */
    protected void releaseAll() {
        releaseBuffer();
    }

    private void releaseBuffer() {
        if (buffered != null) {
            buffered.release();
            buffered = null;
        }
    }
}
