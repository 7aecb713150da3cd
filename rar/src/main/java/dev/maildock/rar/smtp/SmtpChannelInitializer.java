package dev.maildock.rar.smtp;

import dev.maildock.rar.net.ConnectionLimits;

import dev.maildock.rar.api.SmtpListener;
import dev.maildock.rar.net.EndpointDispatcher;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.ssl.SslContext;

import java.time.Clock;
import java.util.Objects;

/**
 * The pipeline of one SMTP connection: [implicit TLS], framer, session. STARTTLS adds its TLS
 * handler in front later. The session keeps its own deadlines (per command line, and a minimum
 * DATA rate), which an idle timer that any octet resets could not give.
 */
public final class SmtpChannelInitializer extends ChannelInitializer<Channel> {

    private final ListenerMode mode;
    private final SmtpSettings settings;
    private final SslContext sslContext;
    private final EndpointDispatcher<SmtpListener> dispatcher;
    private final Clock clock;
    private final ConnectionLimits limits;
    private final AuthThrottle throttle;

    /**
     * @param sslContext the server certificate, or null when TLS is not configured (then an
     *                   implicit-TLS mode cannot be served)
     * @param limits     connection counts shared with the other SMTP listeners
     * @param throttle   failed-login counts shared with the other SMTP listeners
     */
    public SmtpChannelInitializer(ListenerMode mode, SmtpSettings settings, SslContext sslContext,
                                  EndpointDispatcher<SmtpListener> dispatcher, Clock clock, ConnectionLimits limits,
                                  AuthThrottle throttle) {
        if (mode.implicitTls()) {
            Objects.requireNonNull(sslContext, "implicit TLS needs a certificate");
        }
        this.mode = mode;
        this.settings = settings;
        this.sslContext = sslContext;
        this.dispatcher = dispatcher;
        this.clock = clock;
        this.limits = Objects.requireNonNull(limits, "limits");
        this.throttle = Objects.requireNonNull(throttle, "throttle");
    }

    @Override
    protected void initChannel(Channel ch) {
        if (mode.implicitTls()) {
            ch.pipeline().addLast("tls", sslContext.newHandler(ch.alloc()));
        }
        ch.pipeline()
                .addLast("framer", new SmtpFramer(settings.maxCommandLine(), settings.maxTextLine()))
                .addLast("session",
                        new SmtpSession(mode, settings, sslContext, dispatcher, clock, limits, throttle));
    }
}
