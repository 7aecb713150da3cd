package dev.maildock.rar.pop3;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A POP3 client talking to the real pipeline of {@link Pop3ChannelInitializer} on an embedded
 * channel: plaintext directly, or through a second embedded channel holding the client's TLS
 * engine, with the records pumped between the two (a real handshake, no sockets).
 */
final class Pop3Harness implements AutoCloseable {

    static final InetSocketAddress LOOPBACK_CLIENT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 50110);

    /** An embedded channel with IP addresses, as the session builds its ClientInfo from them. */
    static final class ServerChannel extends EmbeddedChannel {
        private final InetSocketAddress remote;

        ServerChannel(InetSocketAddress remote) {
            super(false, false);
            this.remote = remote;
        }

        @Override
        protected SocketAddress remoteAddress0() {
            return remote;
        }

        @Override
        protected SocketAddress localAddress0() {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), 110);
        }
    }

    final ServerChannel server;
    private EmbeddedChannel tlsClient;
    private final StringBuilder decrypted = new StringBuilder();

    Pop3Harness(Pop3ChannelInitializer initializer) throws Exception {
        this(initializer, LOOPBACK_CLIENT);
    }

    Pop3Harness(Pop3ChannelInitializer initializer, InetSocketAddress remote) throws Exception {
        server = new ServerChannel(remote);
        initializer.initPipeline(server);
        server.register();
        settle();
    }

    /** Sends raw octets as the client (in clear, or through TLS once it is up). */
    void send(String octets) {
        ByteBuf data = Unpooled.copiedBuffer(octets, StandardCharsets.ISO_8859_1);
        if (tlsClient != null) {
            tlsClient.writeOutbound(data);
            pump();
        } else {
            server.writeInbound(data);
            settle();
        }
    }

    /** Sends one command line and returns everything the server answered. */
    String command(String line) {
        send(line + "\r\n");
        return read();
    }

    /** Everything the server sent since the last read, as octets (ISO-8859-1 keeps them 1:1). */
    String read() {
        if (tlsClient != null) {
            pump();
            String text = decrypted.toString();
            decrypted.setLength(0);
            return text;
        }
        StringBuilder text = new StringBuilder();
        for (String write : writes()) {
            text.append(write);
        }
        return text.toString();
    }

    /** The server's plaintext output since the last read, one entry per buffer it flushed. */
    List<String> writes() {
        List<String> writes = new ArrayList<>();
        for (Object out; (out = server.readOutbound()) != null; ) {
            ByteBuf buf = (ByteBuf) out;
            writes.add(buf.toString(StandardCharsets.ISO_8859_1));
            buf.release();
        }
        return writes;
    }

    /** Starts the client's TLS engine and completes the handshake with the server. */
    void startTls(SslContext clientContext) {
        tlsClient = new EmbeddedChannel(clientContext.newHandler(ByteBufAllocator.DEFAULT),
                new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        decrypted.append(((ByteBuf) msg).toString(StandardCharsets.ISO_8859_1));
                        ReferenceCountUtil.release(msg);
                    }
                });
        pump();
    }

    boolean tlsHandshakeDone() {
        return tlsClient != null && tlsClient.pipeline().get(SslHandler.class)
                .handshakeFuture().isSuccess();
    }

    /** Lets the autologout timer or a login delay run out. */
    void advance(Duration time) {
        server.advanceTimeBy(time.toNanos(), TimeUnit.NANOSECONDS);
        settle();
    }

    boolean open() {
        return server.isOpen();
    }

    /** The client's connection drops (no QUIT). */
    void drop() {
        server.close();
        settle();
    }

    private void settle() {
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
