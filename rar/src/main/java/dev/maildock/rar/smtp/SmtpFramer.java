package dev.maildock.rar.smtp;

import dev.maildock.rar.net.PausableFramer;
import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * Frames the SMTP byte stream, one frame at a time, in the mode the session sets: command lines
 * (CRLF only, bounded length) or DATA content ({@link DotDecoder}).
 * <p>
 * The session pauses it while the answer to a line is pending (DATA accepted or not, STARTTLS
 * accepted or not), and after STARTTLS drops what is buffered (RFC 3207 section 4.2: nothing
 * pipelined after it may be acted on).
 */
final class SmtpFramer extends PausableFramer {

    /** RFC 4954 section 4: AUTH lines and SASL responses may be up to 12288 octets. */
    static final int MAX_AUTH_LINE = 12288;

    private final int maxCommandLine;
    private boolean saslResponse;
    private final DotDecoder dotDecoder;
    private boolean dataMode;
    private boolean discardingLongLine;

    SmtpFramer(int maxCommandLine, int maxTextLine) {
        this.maxCommandLine = maxCommandLine;
        this.dotDecoder = new DotDecoder(maxTextLine);
    }

    /** The next octets are message content up to CRLF.CRLF; the framer returns to commands by itself. */
    void startData() {
        dataMode = true;
    }

    /** While true, lines are SASL responses and may be as long as an AUTH line. */
    void expectSaslResponse(boolean expected) {
        saslResponse = expected;
    }

    @Override
    public void discardBuffered() {
        super.discardBuffered();
        discardingLongLine = false;
    }

    @Override
    protected boolean frame() {
        return dataMode ? frameData() : frameCommand();
    }

    /** @return whether a frame was produced (false: more octets needed) */
    private boolean frameCommand() {
        int start = buffered.readerIndex();
        int end = buffered.writerIndex();
        int lf = buffered.indexOf(start, end, (byte) '\n');
        if (discardingLongLine) {
            // Skip the rest of an over-long line without holding it.
            buffered.readerIndex(lf < 0 ? end : lf + 1);
            discardingLongLine = lf < 0;
            return lf >= 0;
        }
        int limit = lineLimit(start, end);
        if (lf < 0) {
            if (end - start >= limit) {
                // Answer as soon as the limit is passed: a hostile client never sends the line end.
                buffered.readerIndex(end);
                discardingLongLine = true;
                ctx.fireChannelRead(SmtpFrame.CommandFault.TOO_LONG);
                return true;
            }
            return false;
        }
        buffered.readerIndex(lf + 1);
        if (lf + 1 - start > limit) {
            ctx.fireChannelRead(SmtpFrame.CommandFault.TOO_LONG);
        } else if (lf == start || buffered.getByte(lf - 1) != '\r') {
            ctx.fireChannelRead(SmtpFrame.CommandFault.BARE_LINE_ENDING);
        } else {
            String text = buffered.toString(start, lf - 1 - start, StandardCharsets.UTF_8);
            ctx.fireChannelRead(new SmtpFrame.CommandLine(text));
        }
        return true;
    }

    private int lineLimit(int start, int end) {
        if (saslResponse) {
            return MAX_AUTH_LINE;
        }
        if (end - start >= 5) {
            String verb = buffered.toString(start, 5, StandardCharsets.US_ASCII);
            if (verb.equalsIgnoreCase("AUTH ")) {
                return Math.max(MAX_AUTH_LINE, maxCommandLine);
            }
        }
        return maxCommandLine;
    }

    private boolean frameData() {
        ByteBuf content = ctx.alloc().buffer(Math.min(buffered.readableBytes(), 64 * 1024));
        boolean ended = dotDecoder.decode(buffered, content);
        if (content.isReadable()) {
            ctx.fireChannelRead(new SmtpFrame.DataChunk(content));
        } else {
            content.release();
        }
        if (ended) {
            dataMode = false;
            ctx.fireChannelRead(dotDecoder.finish());
        }
        return ended;
    }
}
