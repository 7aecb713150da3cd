package dev.maildock.rar.smtp;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.maildock.rar.StreamCuts;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coverage-guided fuzzing of the SMTP framer (docs/fuzzing.md): any octet stream, cut anywhere,
 * with a "DATA" line switching to DATA mode as the session does. The frames are the same whatever
 * the cuts, no command line is longer than the limit or holds an LF, nothing framed is larger than
 * what came in, and every buffer is released.
 */
class SmtpFramerFuzzTest {

    private static final int MAX_COMMAND_LINE = 64;
    private static final int MAX_TEXT_LINE = 100;

    @FuzzTest(maxDuration = "5s")
    void framesAnyStreamWithinTheLineLimit(FuzzedDataProvider data) {
        int seed = data.consumeInt();
        byte[] stream = data.consumeRemainingAsBytes();

        List<String> whole = frame(stream, StreamCuts.none());
        List<String> cut = frame(stream, StreamCuts.of(seed));
        assertEquals(whole, cut, "where the stream is cut changes nothing");
    }

    /** The frames, described; consecutive DATA chunks joined (their borders follow the reads). */
    private static List<String> frame(byte[] stream, StreamCuts cuts) {
        SmtpFramer framer = new SmtpFramer(MAX_COMMAND_LINE, MAX_TEXT_LINE);
        List<String> frames = new ArrayList<>();
        StringBuilder data = new StringBuilder();
        long[] framedOctets = {0};
        EmbeddedChannel channel = new EmbeddedChannel(framer, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof SmtpFrame.DataChunk chunk) {
                    byte[] octets = ByteBufUtil.getBytes(chunk.content());
                    chunk.content().release();
                    framedOctets[0] += octets.length;
                    data.append(HexFormat.of().formatHex(octets));
                    return;
                }
                if (!data.isEmpty()) {
                    frames.add("data " + data);
                    data.setLength(0);
                }
                if (msg instanceof SmtpFrame.CommandLine line) {
                    String text = line.text();
                    int limit = text.regionMatches(true, 0, "AUTH ", 0, 5) ? SmtpFramer.MAX_AUTH_LINE : MAX_COMMAND_LINE;
                    assertTrue(text.length() <= limit - 2, () -> "line over the limit: " + text.length());
                    assertFalse(text.contains("\n"), "an LF always ends a line");
                    framedOctets[0] += text.length();
                    if (text.equalsIgnoreCase("DATA")) {
                        framer.startData(); // as the session does when it answers 354
                    }
                }
                frames.add(msg.toString());
            }
        });
        List<ByteBuf> sent = new ArrayList<>();
        int offset = 0;
        for (int i = 0; offset < stream.length; i++) {
            int length = cuts.length(i, stream.length - offset);
            ByteBuf in = Unpooled.copiedBuffer(stream, offset, length);
            sent.add(in);
            channel.writeInbound(in);
            offset += length;
        }
        channel.checkException();
        if (!data.isEmpty()) {
            frames.add("data " + data);
        }
        assertTrue(framedOctets[0] <= stream.length, "nothing framed beyond what came in");
        channel.finishAndReleaseAll();
        for (ByteBuf in : sent) {
            assertEquals(0, in.refCnt(), "every received buffer is released");
        }
        return frames;
    }

}
