package dev.maildock.rar.imap;

import dev.maildock.rar.StreamCuts;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An {@link ImapFramer} in an embedded channel, with the frames it hands on collected and every
 * buffer sent in kept, to check they are all released. {@code onFrame} plays the session.
 */
class FramerHarness implements AutoCloseable {

    final ImapFramer framer;
    final List<ImapFrame> frames = new ArrayList<>();
    private final List<ByteBuf> sent = new ArrayList<>();
    private final EmbeddedChannel channel;

    FramerHarness(int maxLine, int maxLiteral, long appendLimit) {
        framer = new ImapFramer(maxLine, maxLiteral, appendLimit, null);
        channel = new EmbeddedChannel(framer, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                frames.add((ImapFrame) msg);
                onFrame((ImapFrame) msg);
            }
        });
    }

    FramerHarness() {
        this(8192, 65536, 1 << 20);
    }

    /** What the session does on a frame; by default it accepts every synchronizing literal. */
    void onFrame(ImapFrame frame) {
        if (frame instanceof ImapFrame.LiteralRequest) {
            framer.acceptLiteral();
        }
    }

    void send(String text) {
        send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    void send(byte[] octets) {
        send(octets, StreamCuts.none());
    }

    void send(byte[] octets, StreamCuts cuts) {
        int offset = 0;
        for (int i = 0; offset < octets.length; i++) {
            int length = cuts.length(i, octets.length - offset);
            ByteBuf in = Unpooled.copiedBuffer(octets, offset, length);
            sent.add(in);
            channel.writeInbound(in);
            offset += length;
        }
        channel.checkException();
    }

    /** The frames described and released: a command as its text (ISO-8859-1), spooled messages as {@code <n>}. */
    List<String> described() {
        List<String> out = new ArrayList<>();
        for (ImapFrame frame : frames) {
            out.add(describe(frame));
        }
        frames.clear();
        return out;
    }

    static String describe(ImapFrame frame) {
        if (frame instanceof ImapFrame.Command command) {
            StringBuilder text = new StringBuilder(command.content().toString(StandardCharsets.ISO_8859_1));
            command.messages().forEach(spool -> text.append(" <").append(spool.size()).append('>'));
            command.release();
            return text.toString();
        }
        return frame.toString();
    }

    @Override
    public void close() {
        channel.finishAndReleaseAll();
        for (ImapFrame frame : frames) {
            if (frame instanceof ImapFrame.Command command) {
                command.release();
            }
        }
        for (ByteBuf in : sent) {
            assertEquals(0, in.refCnt(), "every received buffer is released");
        }
    }
}
