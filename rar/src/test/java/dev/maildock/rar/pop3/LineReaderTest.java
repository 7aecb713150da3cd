package dev.maildock.rar.pop3;

import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Command-line framing with the RFC 2449 limit of 255 octets including CRLF. */
class LineReaderTest {

    private final LineReader reader = new LineReader(255);

    private void append(String octets) {
        reader.append(Unpooled.copiedBuffer(octets, StandardCharsets.ISO_8859_1));
    }

    @Test
    void splitsPipelinedLinesOneAtATime() {
        append("STAT\r\nLIST 1\r\nUI");
        assertEquals("STAT", reader.next().text());
        assertEquals("LIST 1", reader.next().text());
        assertNull(reader.next());
        append("DL\n");
        assertEquals("UIDL", reader.next().text(), "a bare LF ends a line too");
        assertNull(reader.next());
    }

    @Test
    void limitIncludesCrlf() {
        append("x".repeat(253) + "\r\n");
        assertEquals(253, reader.next().text().length());
        append("x".repeat(254) + "\r\n");
        assertSame(LineReader.Line.TOO_LONG, reader.next());
        assertNull(reader.next());
    }

    @Test
    void overlongLineIsReportedOnceAndSkippedToItsEnd() {
        append("x".repeat(255));
        assertSame(LineReader.Line.TOO_LONG, reader.next());
        append("y".repeat(10_000));
        append("z".repeat(10_000));
        assertNull(reader.next());
        append("still the long line\r\nNOOP\r\n");
        assertEquals("NOOP", reader.next().text());
        assertNull(reader.next());
    }

    @Test
    void discardAllForgetsBufferedInput() {
        append("USER mallory\r\nPASS x\r\npartial");
        reader.discardAll();
        assertNull(reader.next());
        append("CAPA\r\n");
        assertEquals("CAPA", reader.next().text());
    }
}
