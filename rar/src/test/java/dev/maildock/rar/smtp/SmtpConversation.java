package dev.maildock.rar.smtp;

import dev.maildock.rar.testing.SingleEndpointFactory;
import dev.maildock.rar.testing.InlineWorkManager;
import dev.maildock.rar.net.ConnectionLimits;

import dev.maildock.rar.api.SmtpListener;
import dev.maildock.rar.net.EndpointDispatcher;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

/**
 * A client talking to the real SMTP pipeline: two embedded channels (server and client) with the
 * bytes pumped between them, so TLS is a real handshake and the server sees exactly the octets a
 * socket would deliver, in the chunks the test chooses.
 */
final class SmtpConversation implements AutoCloseable {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T04:00:00Z"), ZoneOffset.UTC);

    final InMemoryPlatform platform;
    final EmbeddedChannel server;
    final EmbeddedChannel client;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    /** Buffers the server wrote, so a test can check that a reply left in one write. */
    int serverWrites;

    SmtpConversation(ListenerMode mode, SmtpSettings settings, SslContext serverTls, InMemoryPlatform platform) {
        this(mode, settings, serverTls, platform, new ConnectionLimits(1000, 50));
    }

    SmtpConversation(ListenerMode mode, SmtpSettings settings, SslContext serverTls, InMemoryPlatform platform,
                     ConnectionLimits limits) {
        this(mode, settings, serverTls, platform, limits, new AuthThrottle(100, Duration.ofMinutes(15)));
    }

    SmtpConversation(ListenerMode mode, SmtpSettings settings, SslContext serverTls, InMemoryPlatform platform,
                     ConnectionLimits limits, AuthThrottle throttle) {
        this.platform = platform;
        EndpointDispatcher<SmtpListener> dispatcher =
                new EndpointDispatcher<>(new SingleEndpointFactory(platform), new InlineWorkManager(), SmtpListener.class);
        server = new EmbeddedChannel(new SmtpChannelInitializer(mode, settings, serverTls, dispatcher, CLOCK, limits, throttle));
        client = new EmbeddedChannel(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ByteBuf in = (ByteBuf) msg;
                byte[] bytes = new byte[in.readableBytes()];
                in.readBytes(bytes);
                in.release();
                received.writeBytes(bytes);
            }
        });
        pump();
    }

    /** A plain MX session with default limits (auth delay zero) and no TLS. */
    static SmtpConversation mx(Path spool) {
        return new SmtpConversation(ListenerMode.MX, settings(spool), null, new InMemoryPlatform());
    }

    static SmtpSettings settings(Path spool) {
        return settings(spool, SmtpSettings.DEFAULT_MAX_MESSAGE_SIZE, SmtpSettings.DEFAULT_SPOOL_THRESHOLD,
                SmtpSettings.DEFAULT_IDLE_TIMEOUT);
    }

    static SmtpSettings settings(Path spool, long maxMessageSize, int spoolThreshold, Duration idle) {
        return new SmtpSettings(SmtpSettings.DEFAULT_MAX_COMMAND_LINE, SmtpSettings.DEFAULT_MAX_TEXT_LINE,
                SmtpSettings.DEFAULT_MAX_RECIPIENTS, maxMessageSize, SmtpSettings.DEFAULT_MAX_ERRORS, idle,
                spoolThreshold, spool, SmtpSettings.DEFAULT_MAX_AUTH_FAILURES, Duration.ZERO,
                SmtpSettings.DEFAULT_MIN_DATA_RATE);
    }

    void send(String text) {
        send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    void send(byte[] bytes) {
        client.writeOutbound(Unpooled.wrappedBuffer(bytes));
        pump();
    }

    /** Sends one command line and returns the reply text it produced (possibly several lines). */
    String command(String line) {
        send(line + "\r\n");
        return read();
    }

    /** Everything the server said since the last read, as ISO-8859-1 text. */
    String read() {
        pump();
        String text = received.toString(StandardCharsets.ISO_8859_1);
        received.reset();
        return text;
    }

    /** The reply lines since the last read. */
    List<String> replies() {
        String text = read();
        return text.isEmpty() ? List.of() : Arrays.asList(text.split("\r\n"));
    }

    /** Moves bytes both ways and runs the event loops until nothing moves any more. */
    void pump() {
        boolean moved;
        do {
            moved = false;
            server.runPendingTasks();
            server.runScheduledPendingTasks();
            for (Object out; (out = server.readOutbound()) != null; ) {
                client.writeInbound(out);
                serverWrites++;
                moved = true;
            }
            client.runPendingTasks();
            for (Object out; (out = client.readOutbound()) != null; ) {
                if (server.isOpen()) {
                    server.writeInbound(out);
                } else {
                    ((ByteBuf) out).release();
                }
                moved = true;
            }
        } while (moved);
    }

    /** Starts the client side of TLS and completes the handshake; fails if it does not succeed. */
    void startTls(SslContext clientTls) {
        SslHandler handler = clientTls.newHandler(client.alloc());
        client.pipeline().addFirst("tls", handler);
        pump();
        if (!handler.handshakeFuture().isSuccess()) {
            throw new AssertionError("TLS handshake failed", handler.handshakeFuture().cause());
        }
    }

    boolean open() {
        pump();
        return server.isOpen();
    }

    @Override
    public void close() {
        server.finishAndReleaseAll();
        client.finishAndReleaseAll();
    }
}
