package dev.maildock.rar.smtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The DATA reader against a plain reference model of RFC 5321 4.1.1.4 / 4.5.2 on random streams
 * of the octets that matter (a, '.', CR, LF) fed in random chunks.
 */
class DotDecoderTest {

    /** What the reference says the decoder must produce. */
    private record Expected(String content, boolean bare, boolean eightBit, int consumed) {
    }

    private static Expected reference(String input) {
        // The end is the first CRLF.CRLF, where the CRLF may be the start of the data.
        String framed = "\r\n" + input;
        int marker = framed.indexOf("\r\n.\r\n");
        String region = framed.substring(2, marker + 2);
        boolean bare = false;
        for (int i = 0; i < region.length(); i++) {
            char c = region.charAt(i);
            if (c == '\r' && (i + 1 >= region.length() || region.charAt(i + 1) != '\n')) {
                bare = true;
            }
            if (c == '\n' && (i == 0 || region.charAt(i - 1) != '\r')) {
                bare = true;
            }
        }
        StringBuilder content = new StringBuilder();
        for (int i = 0; i < region.length(); i++) {
            boolean lineStart = i == 0 || (i >= 2 && region.charAt(i - 2) == '\r' && region.charAt(i - 1) == '\n');
            if (!(lineStart && region.charAt(i) == '.')) {
                content.append(region.charAt(i));
            }
        }
        boolean eightBit = region.chars().anyMatch(c -> c > 127);
        return new Expected(content.toString(), bare, eightBit, marker + 3);
    }

    @Test
    void randomStreamsMatchTheReference() {
        Random random = new Random(821);
        // \u00e9 is one octet above 127 in ISO-8859-1; the tail after the end has one too, which must not count.
        String alphabet = "a.\r\n\u00e9";
        for (int round = 0; round < 20_000; round++) {
            StringBuilder input = new StringBuilder();
            int length = random.nextInt(30);
            for (int i = 0; i < length; i++) {
                input.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            input.append("\r\n.\r\n").append("TAIL\u00e9");
            String text = input.toString();
            Expected expected = reference(text);

            DotDecoder decoder = new DotDecoder(1000);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
            int offset = 0;
            boolean ended = false;
            while (!ended && offset < bytes.length) {
                int chunk = 1 + random.nextInt(6);
                ByteBuf in = Unpooled.wrappedBuffer(bytes, offset, Math.min(chunk, bytes.length - offset));
                ByteBuf produced = Unpooled.buffer();
                ended = decoder.decode(in, produced);
                offset += in.readerIndex();
                out.write(produced.array(), produced.arrayOffset() + produced.readerIndex(), produced.readableBytes());
                in.release();
                produced.release();
            }
            String escaped = text.replace("\r", "\\r").replace("\n", "\\n");
            assertEquals(true, ended, escaped);
            SmtpFrame.DataEnd end = decoder.finish();
            assertEquals(expected.consumed(), offset, () -> "end position of " + escaped);
            assertEquals(expected.content(), out.toString(StandardCharsets.ISO_8859_1), () -> "content of " + escaped);
            assertEquals(expected.bare(), end.bareLineEnding(), () -> "bare flag of " + escaped);
            assertEquals(expected.eightBit(), end.eightBit(), () -> "8-bit flag of " + escaped);
        }
    }

    @Test
    void eightBitOctetsInLongRunsAreSeenAndForgottenAtTheNextMessage() {
        DotDecoder decoder = new DotDecoder(10_000);
        ByteBuf out = Unpooled.buffer();
        String longLine = "x".repeat(3000);
        decoder.decode(Unpooled.copiedBuffer(longLine + "\u00fc" + longLine + "\r\n.\r\n", StandardCharsets.ISO_8859_1), out);
        assertEquals(true, decoder.finish().eightBit(), "an octet above 127 in the middle of a run");
        decoder.decode(Unpooled.copiedBuffer(longLine + "\r\n.\r\n", StandardCharsets.ISO_8859_1), out);
        assertEquals(false, decoder.finish().eightBit(), "the next message is 7-bit");
        out.release();
    }

    @Test
    void lineLengthCountsOctetsWithCrlf() {
        DotDecoder decoder = new DotDecoder(1000);
        ByteBuf out = Unpooled.buffer();
        decoder.decode(Unpooled.copiedBuffer("x".repeat(998) + "\r\n.\r\n", StandardCharsets.US_ASCII), out);
        assertEquals(false, decoder.finish().lineTooLong());
        decoder.decode(Unpooled.copiedBuffer("." + "x".repeat(998) + "\r\n.\r\n", StandardCharsets.US_ASCII), out);
        assertEquals(true, decoder.finish().lineTooLong(), "the stuffing dot is on the wire, so it counts");
        out.release();
    }

    @Test
    void nulIsSeenOnEveryPathAndForgottenAtTheNextMessage() {
        DotDecoder decoder = new DotDecoder(10_000);
        ByteBuf out = Unpooled.buffer();
        // At a line start, after a stuffing dot, after a CR, and inside a long run (the fast path).
        for (String content : new String[] {"\0x", ".\0", "a\r\0", "x".repeat(3000) + "\0" + "y"}) {
            decoder.decode(Unpooled.copiedBuffer(content + "\r\n.\r\n", StandardCharsets.ISO_8859_1), out);
            assertEquals(true, decoder.finish().nul(), () -> "NUL in " + content.length() + " octets");
        }
        decoder.decode(Unpooled.copiedBuffer("x\r\n.\r\n", StandardCharsets.ISO_8859_1), out);
        assertEquals(false, decoder.finish().nul(), "the next message has none");
        out.release();
    }
}
