package dev.maildock.rar.smtp;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;

/**
 * The DATA reader of RFC 5321 section 4.1.1.4 and 4.5.2, one octet at a time.
 * <p>
 * Only CRLF ends a line, so only {@code CRLF . CRLF} ends the data. A CR or LF outside a CRLF pair
 * is passed through and remembered: it never starts a line, so {@code \n.\n}, {@code \r\n.\n},
 * {@code \n.\r\n}, {@code \r.\r} and {@code \r\n.\r} can never end the data, and the session refuses
 * a message that contains one after the real end. This is the defence against SMTP smuggling
 * (CVE-2023-51764 and relatives), where a relay and this server would otherwise disagree about
 * where a message ends. A NUL octet is noted in the same scan: RFC 5322 section 2.1 allows none in
 * a message, so the session refuses it too.
 */
final class DotDecoder {

    private enum State { LINE_START, DOT, DOT_CR, IN_LINE, CR }

    private final int maxTextLine;
    private State state = State.LINE_START;
    private int lineLength;
    private boolean bareLineEnding;
    private boolean lineTooLong;
    private boolean eightBit;
    private boolean nul;

    /**
     * The fast path's scan: goes on to the next CR or LF and notes an octet above 127 or a NUL on
     * the way, so each octet of the data is looked at once (one compare for the usual printable
     * octet, as before NUL was looked for).
     */
    private final ByteProcessor lineContent = octet -> {
        if (octet <= 0) {
            noteOddOctet(octet);
        }
        return octet != '\r' && octet != '\n';
    };

    DotDecoder(int maxTextLine) {
        this.maxTextLine = maxTextLine;
    }

    /**
     * Consumes readable octets of {@code in} up to and including the end of data, writing content to
     * {@code out}.
     *
     * @return true when the end of data was consumed
     */
    boolean decode(ByteBuf in, ByteBuf out) {
        int i = in.readerIndex();
        int end = in.writerIndex();
        try {
            while (i < end) {
                if (state == State.IN_LINE) {
                    // Fast path: copy the run up to the next CR or LF in one go.
                    int stop = in.forEachByte(i, end - i, lineContent);
                    int runEnd = stop < 0 ? end : stop;
                    if (runEnd > i) {
                        count(runEnd - i);
                        out.writeBytes(in, i, runEnd - i);
                        i = runEnd;
                        continue;
                    }
                }
                byte b = in.getByte(i++);
                if (accept(b, out)) {
                    return true;
                }
            }
            return false;
        } finally {
            in.readerIndex(i);
        }
    }

    private boolean accept(byte b, ByteBuf out) {
        count(1);
        switch (state) {
            case LINE_START -> {
                if (b == '.') {
                    state = State.DOT;
                } else {
                    inLine(b, out);
                }
            }
            // A leading dot is dropped (transparency); "." CRLF alone ends the data.
            case DOT -> {
                if (b == '\r') {
                    state = State.DOT_CR;
                } else {
                    inLine(b, out);
                }
            }
            case DOT_CR -> {
                if (b == '\n') {
                    return true;
                }
                bareLineEnding = true;
                out.writeByte('\r');
                inLine(b, out);
            }
            case IN_LINE -> inLine(b, out);
            case CR -> {
                if (b == '\n') {
                    out.writeByte('\r').writeByte('\n');
                    state = State.LINE_START;
                    lineLength = 0;
                } else {
                    bareLineEnding = true;
                    out.writeByte('\r');
                    inLine(b, out);
                }
            }
        }
        return false;
    }

    /** An octet inside a line: a CR waits for its LF, a lone LF is passed on and remembered. */
    private void inLine(byte b, ByteBuf out) {
        if (b == '\r') {
            state = State.CR;
            return;
        }
        if (b == '\n') {
            bareLineEnding = true;
        } else if (b <= 0) {
            noteOddOctet(b);
        }
        out.writeByte(b);
        state = State.IN_LINE;
    }

    /** An octet above 127 makes the message 8-bit; a NUL makes it unacceptable (RFC 5322 section 2.1). */
    private void noteOddOctet(byte octet) {
        if (octet < 0) {
            eightBit = true;
        } else {
            nul = true;
        }
    }

    private void count(int octets) {
        // Capped so that a gigabyte line cannot overflow the counter.
        lineLength = (int) Math.min((long) lineLength + octets, maxTextLine + 1L);
        if (lineLength > maxTextLine) {
            lineTooLong = true;
        }
    }

    /** The verdict on the message just ended; the decoder is ready for the next one. */
    SmtpFrame.DataEnd finish() {
        SmtpFrame.DataEnd end = new SmtpFrame.DataEnd(bareLineEnding, lineTooLong, eightBit, nul);
        state = State.LINE_START;
        lineLength = 0;
        bareLineEnding = false;
        lineTooLong = false;
        eightBit = false;
        nul = false;
        return end;
    }
}
