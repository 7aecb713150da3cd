package dev.maildock.rar.pop3;

import dev.maildock.rar.api.Pop3Listener;
import dev.maildock.rar.net.ConnectionLimits;
import dev.maildock.rar.net.EndpointDispatcher;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslContext;

import java.time.Clock;
import java.util.Objects;

/**
 * The pipeline of one POP3 connection: TLS from the first byte on an implicit-TLS listener (995),
 * then the session, which keeps the autologout timer. On a plain listener (110) the session puts
 * TLS in front itself when the client says STLS.
 */
public final class Pop3ChannelInitializer extends ChannelInitializer<SocketChannel> {

    private final String service;
    private final EndpointDispatcher<Pop3Listener> dispatcher;
    private final Pop3Settings settings;
    private final SslContext sslContext;
    private final ConnectionLimits limits;
    private final ApopTimestamps timestamps = new ApopTimestamps(Clock.systemUTC());

    /** A listener without TLS: no STLS, no AUTH PLAIN; default connection limits of its own. */
    public Pop3ChannelInitializer(String service, EndpointDispatcher<Pop3Listener> dispatcher, Pop3Settings settings) {
        this(service, dispatcher, settings, null);
    }

    /** A listener with default connection limits of its own. */
    public Pop3ChannelInitializer(String service, EndpointDispatcher<Pop3Listener> dispatcher, Pop3Settings settings,
                                  SslContext sslContext) {
        this(service, dispatcher, settings, sslContext,
                new ConnectionLimits(ConnectionLimits.DEFAULT_MAX_CONNECTIONS, ConnectionLimits.DEFAULT_MAX_PER_CLIENT));
    }

    /**
     * @param sslContext a server context; required for {@code IMPLICIT}, and with {@code STLS}
     *                   it enables the STLS command (null: plaintext only)
     * @param limits       open connections in total and per client address, shared by the POP3
     *                     listeners of one activation; a client over a limit is refused at connect
     */
    public Pop3ChannelInitializer(String service, EndpointDispatcher<Pop3Listener> dispatcher, Pop3Settings settings,
                                  SslContext sslContext, ConnectionLimits limits) {
        this.service = Objects.requireNonNull(service, "service");
        this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
        this.settings = Objects.requireNonNull(settings, "settings");
        if (sslContext != null && !sslContext.isServer()) {
            throw new IllegalArgumentException("The POP3 listener needs a server SSL context");
        }
        if (sslContext == null && settings.tlsMode() == Pop3Settings.TlsMode.IMPLICIT) {
            throw new IllegalArgumentException("An implicit-TLS POP3 listener needs an SSL context");
        }
        this.sslContext = sslContext;
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        initPipeline(ch);
    }

    /** Also the entry point of the unit tests, which drive an embedded channel through it. */
    void initPipeline(Channel ch) {
        if (settings.tlsMode() == Pop3Settings.TlsMode.IMPLICIT) {
            ch.pipeline().addLast("tls", sslContext.newHandler(ch.alloc()));
        }
        // The answers to pipelined commands read in one go leave in one flush (one write(2), and
        // fewer reads for the client) rather than one each; an answer outside a read leaves at once.
        ch.pipeline().addLast("flush", new FlushConsolidationHandler(
                FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, false));
        ch.pipeline().addLast("session", new Pop3Session(service, dispatcher, settings, sslContext, limits, timestamps));
    }
}
