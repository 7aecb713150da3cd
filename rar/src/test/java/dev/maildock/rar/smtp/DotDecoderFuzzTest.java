package dev.maildock.rar.smtp;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.maildock.rar.StreamCuts;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

import java.io.ByteArrayOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coverage-guided fuzzing of the DATA reader (docs/fuzzing.md). Any octet stream, cut anywhere:
 * the decoder stops right after the first CRLF.CRLF, never emits more than it read, and decodes the
 * same whatever the cuts. Any content, dot-stuffed and framed: it comes back octet for octet.
 */
class DotDecoderFuzzTest {

    private static final int MAX_TEXT_LINE = 100;

    /** What the decoder made of a stream fed in pieces. */
    private record Decoded(byte[] content, int consumed, boolean ended, SmtpFrame.DataEnd end) {
    }

    @FuzzTest(maxDuration = "5s")
    void decodesAnyStreamAndRoundTripsDotStuffing(FuzzedDataProvider data) {
        int seed = data.consumeInt();
        byte[] stream = data.consumeRemainingAsBytes();

        Decoded whole = decode(stream, StreamCuts.none());
        Decoded cut = decode(stream, StreamCuts.of(seed));
        assertEquals(whole.ended(), cut.ended(), "where the stream is cut changes nothing");
        assertEquals(whole.consumed(), cut.consumed());
        assertArrayEquals(whole.content(), cut.content());
        if (whole.ended()) {
            assertEquals(whole.end(), cut.end());
            int marker = endOfData(stream);
            assertEquals(marker, whole.consumed(), "stops right after the first CRLF.CRLF");
            assertTrue(whole.content().length <= marker - 3, "never emits more than it read");
        } else {
            assertEquals(-1, endOfData(stream));
            assertEquals(stream.length, whole.consumed());
            assertTrue(whole.content().length <= stream.length, "never emits more than it read");
        }

        byte[] content = crlfLines(stream);
        Decoded back = decode(stuffAndFrame(content), StreamCuts.of(seed));
        assertTrue(back.ended());
        assertArrayEquals(content, back.content(), "dot-stuffing round-trips");
        assertFalse(back.end().bareLineEnding(), "only CRLF in the content");
        assertEquals(contains(content, b -> b == 0), back.end().nul(), "NUL flag");
        assertEquals(contains(content, b -> b < 0), back.end().eightBit(), "8-bit flag");
    }

    private static Decoded decode(byte[] stream, StreamCuts cuts) {
        DotDecoder decoder = new DotDecoder(MAX_TEXT_LINE);
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        int offset = 0;
        boolean ended = false;
        for (int i = 0; !ended && offset < stream.length; i++) {
            int length = cuts.length(i, stream.length - offset);
            ByteBuf in = Unpooled.wrappedBuffer(stream, offset, length);
            ByteBuf out = Unpooled.buffer();
            ended = decoder.decode(in, out);
            offset += in.readerIndex();
            content.writeBytes(ByteBufUtil.getBytes(out));
            in.release();
            out.release();
        }
        return new Decoded(content.toByteArray(), offset, ended, ended ? decoder.finish() : null);
    }


    /** The offset just after the first CRLF.CRLF, the CRLF possibly being the start of the data; -1 if none. */
    private static int endOfData(byte[] s) {
        for (int i = 0; i + 2 < s.length; i++) {
            boolean lineStart = i == 0 || (i >= 2 && s[i - 2] == '\r' && s[i - 1] == '\n');
            if (lineStart && s[i] == '.' && s[i + 1] == '\r' && s[i + 2] == '\n') {
                return i + 3;
            }
        }
        return -1;
    }

    /** The octets as text lines: every CR or LF becomes a line end, and the last line gets one. */
    private static byte[] crlfLines(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte b : raw) {
            if (b == '\r' || b == '\n') {
                out.write('\r');
                out.write('\n');
            } else {
                out.write(b);
            }
        }
        if (out.size() > 0 && raw[raw.length - 1] != '\r' && raw[raw.length - 1] != '\n') {
            out.write('\r');
            out.write('\n');
        }
        return out.toByteArray();
    }

    /** RFC 5321 section 4.5.2: a line that starts with a dot gets one more; then "." CRLF. */
    private static byte[] stuffAndFrame(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean lineStart = true;
        for (byte b : content) {
            if (lineStart && b == '.') {
                out.write('.');
            }
            out.write(b);
            lineStart = b == '\n';
        }
        out.writeBytes(new byte[] {'.', '\r', '\n'});
        return out.toByteArray();
    }

    private interface OctetTest {
        boolean test(byte b);
    }

    private static boolean contains(byte[] bytes, OctetTest test) {
        for (byte b : bytes) {
            if (test.test(b)) {
                return true;
            }
        }
        return false;
    }
}
