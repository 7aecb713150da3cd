package dev.maildock.rar.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * A client talking to a protocol's real pipeline on an embedded channel: plaintext directly, or
 * through a second embedded channel holding the client's TLS engine, with the records pumped
 * between the two (a real handshake, no sockets). The POP3 and IMAP harnesses are this with their
 * pipeline.
 */
public class EmbeddedSession implements AutoCloseable {

    /** An embedded channel with IP addresses, as the sessions build their ClientInfo from them. */
    private static final class ServerChannel extends EmbeddedChannel {
        private final InetSocketAddress remote;
        private final int localPort;

        ServerChannel(InetSocketAddress remote, int localPort) {
            super(false, false);
            this.remote = remote;
            this.localPort = localPort;
        }

        @Override
        protected SocketAddress remoteAddress0() {
            return remote;
        }

        @Override
        protected SocketAddress localAddress0() {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), localPort);
        }
    }

    public final EmbeddedChannel server;
    private final Charset charset;
    private EmbeddedChannel tlsClient;
    private final StringBuilder decrypted = new StringBuilder();

    /**
     * @param pipeline builds the server's pipeline before the channel registers (and goes active)
     * @param charset  how the test's strings become octets and back
     */
    public EmbeddedSession(InetSocketAddress remote, int localPort, Consumer<Channel> pipeline, Charset charset)
            throws Exception {
        this.charset = charset;
        server = new ServerChannel(remote, localPort);
        pipeline.accept(server);
        server.register();
        settle();
    }

    /** Sends raw octets as the client (in clear, or through TLS once it is up). */
    public void send(String octets) {
        ByteBuf data = Unpooled.copiedBuffer(octets, charset);
        if (tlsClient != null) {
            tlsClient.writeOutbound(data);
            pump();
        } else {
            server.writeInbound(data);
            settle();
        }
    }

    /** Sends one command line (CRLF added) and returns everything the server answered. */
    public String command(String line) {
        send(line + "\r\n");
        return read();
    }

    /** Everything the server sent since the last read. */
    public String read() {
        if (tlsClient != null) {
            pump();
            String text = decrypted.toString();
            decrypted.setLength(0);
            return text;
        }
        return String.join("", writes());
    }

    /** The server's plaintext output since the last read, one entry per buffer it flushed. */
    public List<String> writes() {
        List<String> writes = new ArrayList<>();
        for (Object out; (out = server.readOutbound()) != null; ) {
            ByteBuf buf = (ByteBuf) out;
            writes.add(buf.toString(charset));
            buf.release();
        }
        return writes;
    }

    /** Starts the client's TLS engine and completes the handshake with the server. */
    public void startTls(SslContext clientContext) {
        tlsClient = new EmbeddedChannel(clientContext.newHandler(ByteBufAllocator.DEFAULT),
                new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        decrypted.append(((ByteBuf) msg).toString(charset));
                        ReferenceCountUtil.release(msg);
                    }
                });
        pump();
    }

    public boolean tlsHandshakeDone() {
        return tlsClient != null && tlsClient.pipeline().get(SslHandler.class)
                .handshakeFuture().isSuccess();
    }

    /** Lets the server's timers (a login delay, a scheduled task) run out. */
    public void advance(Duration time) {
        server.advanceTimeBy(time.toNanos(), TimeUnit.NANOSECONDS);
        settle();
    }

    public boolean open() {
        return server.isOpen();
    }

    /** The client's connection drops. */
    public void drop() {
        server.close();
        settle();
    }

    /** Runs what the server's loop has queued (platform answers, callbacks). */
    public void settle() {
        for (int i = 0; i < 5; i++) {
            server.runPendingTasks();
        }
    }

    private void pump() {
        for (int round = 0; round < 100; round++) {
            boolean moved = false;
            for (Object out; (out = tlsClient.readOutbound()) != null; ) {
                if (server.isOpen()) {
                    server.writeInbound(out);
                } else {
                    ReferenceCountUtil.release(out);
                }
                moved = true;
            }
            settle();
            for (Object out; (out = server.readOutbound()) != null; ) {
                tlsClient.writeInbound(out);
                moved = true;
            }
            tlsClient.runPendingTasks();
            if (!moved) {
                return;
            }
        }
    }

    @Override
    public void close() {
        server.finishAndReleaseAll();
        if (tlsClient != null) {
            tlsClient.finishAndReleaseAll();
        }
    }
}
