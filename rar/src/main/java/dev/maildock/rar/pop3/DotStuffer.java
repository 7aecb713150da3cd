package dev.maildock.rar.pop3;

import io.netty.buffer.ByteBuf;

/**
 * Encodes message content as a POP3 multi-line response body (RFC 1939 section 3): every line that
 * starts with "." gets one more, and the body ends with CRLF "." CRLF. Fed in chunks; for TOP it
 * stops after the header, the blank line and the requested number of body lines.
 * <p>
 * A bare LF also counts as a line end for stuffing: a lenient client that splits on LF would
 * otherwise read a "." line inside the message as the end of the response.
 */
final class DotStuffer {

    private static final int ALL_LINES = -1;

    private boolean atLineStart = true;
    private boolean lineEmpty = true;
    private boolean inHeader;
    private long bodyLinesLeft;
    private boolean done;

    private DotStuffer(boolean top, long bodyLines) {
        this.inHeader = top;
        this.bodyLinesLeft = top ? bodyLines : ALL_LINES;
    }

    /** For RETR: the whole message. */
    static DotStuffer whole() {
        return new DotStuffer(false, ALL_LINES);
    }

    /** For TOP n k: the header, the blank line after it and the first {@code bodyLines} body lines. */
    static DotStuffer top(long bodyLines) {
        return new DotStuffer(true, bodyLines);
    }

    /** True once TOP has everything it wants; further content is ignored. */
    boolean done() {
        return done;
    }

    void encode(byte[] chunk, ByteBuf out) {
        if (done) {
            return;
        }
        if (bodyLinesLeft == ALL_LINES) {
            stuffAll(chunk, out);
            return;
        }
        int copied = 0;
        for (int i = 0; i < chunk.length; i++) {
            byte b = chunk[i];
            if (atLineStart && b == '.') {
                out.writeBytes(chunk, copied, i - copied);
                out.writeByte('.');
                copied = i;
            }
            if (b == '\n') {
                atLineStart = true;
                if (endOfLine()) {
                    out.writeBytes(chunk, copied, i + 1 - copied);
                    done = true;
                    return;
                }
                lineEmpty = true;
            } else {
                atLineStart = false;
                if (b != '\r') {
                    lineEmpty = false;
                }
            }
        }
        out.writeBytes(chunk, copied, chunk.length - copied);
    }

    /**
     * RETR's case, the one that moves whole maildrops: no lines to count, only a "." to add at
     * each line start. Most messages have no line starting with ".", so the chunk is copied whole
     * and searched for "." eight octets at a step ({@link ByteBuf#indexOf}); only a chunk that has
     * a "." at a line start is copied again octet by octet, and stuffed. The octet loop over every
     * message was 5% of the server's CPU per message retrieved (docs/performance.md, POP3).
     */
    private void stuffAll(byte[] chunk, ByteBuf out) {
        if (chunk.length == 0) {
            return;
        }
        int start = out.writerIndex();
        out.writeBytes(chunk);
        int end = out.writerIndex();
        for (int dot = out.indexOf(start, end, (byte) '.'); dot >= 0; dot = out.indexOf(dot + 1, end, (byte) '.')) {
            if (dot == start ? atLineStart : out.getByte(dot - 1) == '\n') {
                out.writerIndex(start);
                stuffByOctet(chunk, out);
                return;
            }
        }
        atLineStart = chunk[chunk.length - 1] == '\n';
    }

    /** Copies {@code chunk} with a "." added at each line start, the state kept in locals. */
    private void stuffByOctet(byte[] chunk, ByteBuf out) {
        int copied = 0;
        boolean lineStart = atLineStart;
        for (int i = 0; i < chunk.length; i++) {
            byte b = chunk[i];
            if (lineStart && b == '.') {
                out.writeBytes(chunk, copied, i - copied);
                out.writeByte('.');
                copied = i;
            }
            lineStart = b == '\n';
        }
        atLineStart = lineStart;
        out.writeBytes(chunk, copied, chunk.length - copied);
    }

    /** Counts a finished line for TOP; true when it was the last one TOP sends. */
    private boolean endOfLine() {
        if (inHeader) {
            if (lineEmpty) {
                inHeader = false;
                return bodyLinesLeft == 0;
            }
            return false;
        }
        if (bodyLinesLeft > 0) {
            bodyLinesLeft--;
            return bodyLinesLeft == 0;
        }
        return false;
    }

    /** Ends the body: completes a last line that lacks its CRLF, then the terminating ".". */
    void finish(ByteBuf out) {
        if (!atLineStart) {
            out.writeByte('\r').writeByte('\n');
        }
        out.writeByte('.').writeByte('\r').writeByte('\n');
    }
}
