package dev.maildock.rar.pop3;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits the client's bytes into command lines, one at a time and only when the session asks.
 * <p>
 * A pull reader rather than a Netty frame decoder, for two reasons: pipelined commands wait here
 * while the session waits for the platform (no separate queue of decoded lines), and STLS can
 * throw away everything the client sent after it in one call (RFC 2595 section 4: a man in the
 * middle must not be able to inject plaintext commands into the TLS session).
 * <p>
 * Memory stays bounded: a line longer than the limit is skipped up to its LF as it arrives, so the
 * only bytes held are complete lines not yet asked for (at most one socket read, since the session
 * stops reading while it is busy) and one partial line under the limit.
 */
final class LineReader {

    /** One command line without its CRLF, or the mark of a line that was over the limit. */
    record Line(String text, boolean tooLong) {
        static final Line TOO_LONG = new Line("", true);
    }

    private final int maxLength;
    private byte[] buffer = new byte[512];
    private int start;
    private int end;
    /** Inside an over-long line: skip up to and including its LF. */
    private boolean discarding;

    /** @param maxLength the longest line in octets, CRLF included (RFC 2449 section 4: 255) */
    LineReader(int maxLength) {
        this.maxLength = maxLength;
    }

    void append(ByteBuf data) {
        int length = data.readableBytes();
        if (discarding) {
            int lf = data.indexOf(data.readerIndex(), data.writerIndex(), (byte) '\n');
            if (lf < 0) {
                data.skipBytes(length);
                return;
            }
            data.readerIndex(lf + 1);
            discarding = false;
            length = data.readableBytes();
        }
        ensureRoom(length);
        data.readBytes(buffer, end, length);
        end += length;
    }

    /** The next complete line, {@link Line#TOO_LONG} once per over-long line, or null for none yet. */
    Line next() {
        return next(maxLength);
    }

    /** As {@link #next()}, with another limit for this one line (a SASL response, say). */
    Line next(int limit) {
        int lf = indexOfLf();
        if (lf < 0) {
            if (end - start >= limit) {
                // No line end within the limit: report now, not when (if ever) the LF comes.
                discarding = true;
                start = end = 0;
                return Line.TOO_LONG;
            }
            return null;
        }
        int length = lf + 1 - start;
        if (length > limit) {
            start = lf + 1;
            return Line.TOO_LONG;
        }
        int textEnd = lf > start && buffer[lf - 1] == '\r' ? lf - 1 : lf;
        String text = new String(buffer, start, textEnd - start, StandardCharsets.UTF_8);
        start = lf + 1;
        if (start == end) {
            start = end = 0;
        }
        return new Line(text, false);
    }

    /** Forgets every byte received and not yet read as a line. */
    void discardAll() {
        start = end = 0;
        discarding = false;
    }

    private int indexOfLf() {
        for (int i = start; i < end; i++) {
            if (buffer[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void ensureRoom(int length) {
        if (end + length <= buffer.length) {
            return;
        }
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end + length > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, end + length));
        }
    }
}
