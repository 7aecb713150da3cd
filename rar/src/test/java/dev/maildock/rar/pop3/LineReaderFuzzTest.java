package dev.maildock.rar.pop3;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.maildock.rar.StreamCuts;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coverage-guided fuzzing of the POP3 line reader (docs/fuzzing.md): any octet stream, cut
 * anywhere, gives the same lines as read whole; no line is over the limit or holds an LF, and every
 * octet of every read is taken.
 */
class LineReaderFuzzTest {

    private static final int LIMIT = 32;

    @FuzzTest(maxDuration = "5s")
    void readsTheSameLinesWhereverTheStreamIsCut(FuzzedDataProvider data) {
        int seed = data.consumeInt();
        byte[] stream = data.consumeRemainingAsBytes();
        assertEquals(read(stream, StreamCuts.none()), read(stream, StreamCuts.of(seed)));
    }

    private static List<LineReader.Line> read(byte[] stream, StreamCuts cuts) {
        LineReader reader = new LineReader(LIMIT);
        List<LineReader.Line> lines = new ArrayList<>();
        int offset = 0;
        for (int i = 0; offset < stream.length; i++) {
            int length = cuts.length(i, stream.length - offset);
            ByteBuf in = Unpooled.wrappedBuffer(stream, offset, length);
            reader.append(in);
            assertFalse(in.isReadable(), "a read is taken whole");
            offset += length;
            for (LineReader.Line line = reader.next(); line != null; line = reader.next()) {
                String text = line.text();
                assertTrue(text.length() <= LIMIT - 1, () -> "over the limit: " + text.length());
                assertFalse(text.contains("\n"));
                lines.add(line);
            }
        }
        return lines;
    }

}
