package dev.maildock.rar.pop3;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Byte-stuffing and TOP line counting, whatever the chunk boundaries (RFC 1939 sections 3 and 11). */
class DotStufferTest {

    private static final String MESSAGE = "From: a\r\n.Hidden: header\r\n\r\n.\r\n..x\r\nplain\r\n.last";
    private static final int[] CHUNK_SIZES = {1, 2, 3, 7, 1000};

    private static String encode(DotStuffer stuffer, String content, int chunkSize) {
        byte[] bytes = content.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuf out = Unpooled.buffer();
        for (int from = 0; from < bytes.length && !stuffer.done(); from += chunkSize) {
            stuffer.encode(Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + chunkSize)), out);
        }
        stuffer.finish(out);
        String text = out.toString(StandardCharsets.ISO_8859_1);
        out.release();
        return text;
    }

    @Test
    void wholeMessageIsStuffedAndTerminated() {
        for (int chunk : CHUNK_SIZES) {
            assertEquals("From: a\r\n..Hidden: header\r\n\r\n..\r\n...x\r\nplain\r\n..last\r\n.\r\n",
                    encode(DotStuffer.whole(), MESSAGE, chunk), "chunks of " + chunk);
        }
    }

    @Test
    void topCountsBodyLinesAfterTheBlankLine() {
        Map<Long, String> expected = Map.of(
                0L, "From: a\r\n..Hidden: header\r\n\r\n.\r\n",
                1L, "From: a\r\n..Hidden: header\r\n\r\n..\r\n.\r\n",
                2L, "From: a\r\n..Hidden: header\r\n\r\n..\r\n...x\r\n.\r\n",
                3L, "From: a\r\n..Hidden: header\r\n\r\n..\r\n...x\r\nplain\r\n.\r\n",
                9L, "From: a\r\n..Hidden: header\r\n\r\n..\r\n...x\r\nplain\r\n..last\r\n.\r\n");
        for (int chunk : CHUNK_SIZES) {
            expected.forEach((lines, response) ->
                    assertEquals(response, encode(DotStuffer.top(lines), MESSAGE, chunk),
                            "TOP n " + lines + " in chunks of " + chunk));
        }
    }

    @Test
    void edgeCases() {
        Map<String, String> cases = Map.of(
                "", ".\r\n",
                "Subject: no blank line\r\n", "Subject: no blank line\r\n.\r\n",
                "a\n.b\r\n", "a\n..b\r\n.\r\n",
                "no line end", "no line end\r\n.\r\n");
        cases.forEach((content, response) -> {
            assertEquals(response, encode(DotStuffer.whole(), content, 4), content);
            assertEquals(response, encode(DotStuffer.top(0), content, 4), content);
        });
    }

    @Test
    void dotsInsideLinesAreLeftAloneAfterWhatIsAlreadyInTheBuffer() {
        for (int chunk : CHUNK_SIZES) {
            DotStuffer stuffer = DotStuffer.whole();
            ByteBuf out = Unpooled.buffer();
            out.writeCharSequence("+OK .\r\n", StandardCharsets.ISO_8859_1);
            byte[] bytes = "a.b\r\nend.\r\nx\n.\n..".getBytes(StandardCharsets.ISO_8859_1);
            for (int from = 0; from < bytes.length; from += chunk) {
                stuffer.encode(Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + chunk)), out);
            }
            stuffer.finish(out);
            assertEquals("+OK .\r\na.b\r\nend.\r\nx\n..\n...\r\n.\r\n", out.toString(StandardCharsets.ISO_8859_1),
                    "chunks of " + chunk);
            out.release();
        }
    }
}
