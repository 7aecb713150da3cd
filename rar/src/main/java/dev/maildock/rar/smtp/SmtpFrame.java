package dev.maildock.rar.smtp;

import io.netty.buffer.ByteBuf;

/** What {@link SmtpFramer} hands the session: command lines, DATA content, and framing faults. */
sealed interface SmtpFrame {

    /** One command line, CRLF removed. */
    record CommandLine(String text) implements SmtpFrame {
    }

    /** A command line broke the framing rules; it has been discarded. */
    enum CommandFault implements SmtpFrame {
        /** Longer than the limit (RFC 5321 section 4.5.3.1.4). */
        TOO_LONG,
        /** Ended with a bare LF instead of CRLF (section 2.3.8). */
        BARE_LINE_ENDING
    }

    /** Message content after dot-unstuffing; the receiver releases the buffer. */
    record DataChunk(ByteBuf content) implements SmtpFrame {
    }

    /**
     * The end of data, CRLF.CRLF, was seen.
     *
     * @param bareLineEnding a CR or LF outside a CRLF pair occurred: the message must be refused
     * @param lineTooLong    a text line exceeded the limit
     * @param eightBit       the content has an octet above 127
     * @param nul            the content has a NUL octet, which no message may contain (RFC 5322 section 2.1)
     */
    record DataEnd(boolean bareLineEnding, boolean lineTooLong, boolean eightBit, boolean nul) implements SmtpFrame {
    }
}
