package dev.maildock.rar.smtp;

import dev.maildock.rar.api.ClientInfo;
import dev.maildock.rar.api.ConnectVerdict;
import dev.maildock.rar.api.SmtpListener;
import dev.maildock.rar.net.EndpointDispatcher;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One SMTP session. Runs on the connection's event loop and never blocks it: questions for the
 * platform go through the {@link EndpointDispatcher} and their answers come back to this loop.
 */
final class SmtpSessionHandler extends SimpleChannelInboundHandler<ByteBuf> {

    private static final Logger LOG = Logger.getLogger(SmtpSessionHandler.class.getName());

    private final String service;
    private final EndpointDispatcher<SmtpListener> dispatcher;
    private String hostname;

    SmtpSessionHandler(String service, EndpointDispatcher<SmtpListener> dispatcher) {
        this.service = service;
        this.dispatcher = dispatcher;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        // Read nothing until the platform has admitted the client: a client that talks before
        // the greeting gets no answers from a half-initialised session.
        ctx.channel().config().setAutoRead(false);
        InetSocketAddress local = (InetSocketAddress) ctx.channel().localAddress();
        hostname = local.getHostString();
        ClientInfo client = new ClientInfo((InetSocketAddress) ctx.channel().remoteAddress(), local, service, false);
        dispatcher.call(listener -> listener.connect(client))
                .whenComplete((verdict, failure) -> ctx.executor().execute(() -> greet(ctx, verdict, failure)));
    }

    private void greet(ChannelHandlerContext ctx, ConnectVerdict verdict, Throwable failure) {
        if (failure != null) {
            LOG.log(Level.WARNING, "MAILDOCK0101W: The SMTP platform could not admit a client; answering 421.", failure);
            replyAndClose(ctx, SmtpReply.SERVICE_NOT_AVAILABLE.format(hostname));
            return;
        }
        hostname = verdict.hostname();
        switch (verdict.outcome()) {
            case ACCEPT -> {
                reply(ctx, SmtpReply.SERVICE_READY.format(hostname));
                ctx.channel().config().setAutoRead(true);
            }
            case TEMPORARY_FAILURE -> replyAndClose(ctx, SmtpReply.SERVICE_NOT_AVAILABLE.format(hostname));
            case PERMANENT_FAILURE -> replyAndClose(ctx, SmtpReply.SERVICE_REFUSED.format(hostname));
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf line) {
        String command = line.toString(StandardCharsets.UTF_8);
        if (command.endsWith("\r")) {
            command = command.substring(0, command.length() - 1);
        }
        String verb = verbOf(command);
        switch (verb) {
            case "NOOP" -> reply(ctx, SmtpReply.OK.format());
            case "QUIT" -> replyAndClose(ctx, SmtpReply.CLOSING.format(hostname));
            case "" -> reply(ctx, SmtpReply.COMMAND_UNRECOGNIZED.format());
            default -> reply(ctx, SmtpReply.COMMAND_NOT_IMPLEMENTED.format());
        }
    }

    private static String verbOf(String command) {
        int space = command.indexOf(' ');
        String verb = space < 0 ? command : command.substring(0, space);
        return verb.trim().toUpperCase(Locale.ROOT);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            reply(ctx, SmtpReply.LINE_TOO_LONG.format());
            return;
        }
        LOG.log(Level.FINE, "SMTP session failed", cause);
        ctx.close();
    }

    private static void reply(ChannelHandlerContext ctx, String line) {
        ctx.writeAndFlush(ctx.alloc().buffer(line.length() + 2)
                .writeBytes((line + "\r\n").getBytes(StandardCharsets.UTF_8)));
    }

    private static void replyAndClose(ChannelHandlerContext ctx, String line) {
        ctx.writeAndFlush(ctx.alloc().buffer(line.length() + 2)
                        .writeBytes((line + "\r\n").getBytes(StandardCharsets.UTF_8)))
                .addListener(ChannelFutureListener.CLOSE);
    }
}
