package dev.maildock.rar.smtp;

import dev.maildock.rar.api.SmtpListener;
import dev.maildock.rar.net.EndpointDispatcher;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;

/** The pipeline of one SMTP connection: line framing with a hard limit, then the session. */
public final class SmtpChannelInitializer extends ChannelInitializer<SocketChannel> {

    private final String service;
    private final int maxCommandLine;
    private final EndpointDispatcher<SmtpListener> dispatcher;

    public SmtpChannelInitializer(String service, int maxCommandLine, EndpointDispatcher<SmtpListener> dispatcher) {
        this.service = service;
        this.maxCommandLine = maxCommandLine;
        this.dispatcher = dispatcher;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        // failFast: an over-long line is reported as soon as the limit is passed, not after the
        // client finally sends a line end (which a hostile client never does).
        ch.pipeline()
                .addLast("framer", new LineBasedFrameDecoder(maxCommandLine, true, true))
                .addLast("session", new SmtpSessionHandler(service, dispatcher));
    }
}
