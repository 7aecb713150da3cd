package dev.maildock.rar.smtp;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * Counts the Received header fields in a message's header section while the content streams by,
 * for loop detection (RFC 5321 section 6.3: a message with very many trace fields is looping).
 * Folded continuation lines start with white space and so never count.
 */
final class HopCounter {

    /** More Received fields than this and the message is refused (issue #3: 50). */
    static final int MAX_HOPS = 50;

    private static final byte[] NAME = "received:".getBytes(StandardCharsets.US_ASCII);

    private boolean inHeader = true;
    private boolean lineStart = true;
    private boolean crAtLineStart;
    private int matched = -1;
    private int hops;

    void scan(ByteBuf content) {
        for (int i = content.readerIndex(); inHeader && i < content.writerIndex(); i++) {
            accept(content.getByte(i));
        }
    }

    private void accept(byte b) {
        if (crAtLineStart) {
            crAtLineStart = false;
            if (b == '\n') {
                inHeader = false; // the empty line: the body starts
                return;
            }
        }
        if (b == '\n') {
            lineStart = true;
            return;
        }
        if (lineStart) {
            lineStart = false;
            if (b == '\r') {
                crAtLineStart = true;
                matched = -1;
                return;
            }
            matched = 0;
        }
        if (matched >= 0 && matched < NAME.length) {
            byte lower = b >= 'A' && b <= 'Z' ? (byte) (b + 32) : b;
            if (lower == NAME[matched]) {
                if (++matched == NAME.length) {
                    hops++;
                }
            } else {
                matched = -1;
            }
        }
    }

    boolean looping() {
        return hops > MAX_HOPS;
    }
}
