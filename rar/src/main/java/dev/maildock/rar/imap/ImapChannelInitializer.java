package dev.maildock.rar.imap;

import dev.maildock.rar.api.ImapListener;
import dev.maildock.rar.net.ConnectionLimits;
import dev.maildock.rar.net.EndpointDispatcher;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.ssl.SslContext;

import java.util.Objects;

/**
 * The pipeline of one IMAP connection: TLS from the first byte on an implicit-TLS listener (993),
 * the framer, the session. On a plain listener (143) the session puts TLS in front itself when the
 * client says STARTTLS.
 */
public final class ImapChannelInitializer extends ChannelInitializer<Channel> {

    private final String service;
    private final EndpointDispatcher<ImapListener> dispatcher;
    private final ImapSettings settings;
    private final SslContext sslContext;
    private final ConnectionLimits limits;
    private final ImapCapabilities capabilities;
    private final MailboxWatcher watcher;

    /**
     * @param sslContext a server context; required for {@code IMPLICIT}, and with {@code STARTTLS}
     *                   it enables the STARTTLS command (null: plaintext only)
     * @param limits     open connections in total and per client address, shared by the IMAP listeners
     * @param watcher    the adapter's watcher of selected mailboxes, shared by every session
     */
    public ImapChannelInitializer(String service, EndpointDispatcher<ImapListener> dispatcher, ImapSettings settings,
                                  SslContext sslContext, ConnectionLimits limits, MailboxWatcher watcher) {
        this.service = Objects.requireNonNull(service, "service");
        this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
        this.settings = Objects.requireNonNull(settings, "settings");
        if (sslContext != null && !sslContext.isServer()) {
            throw new IllegalArgumentException("The IMAP listener needs a server SSL context");
        }
        if (sslContext == null && settings.tlsMode() == ImapSettings.TlsMode.IMPLICIT) {
            throw new IllegalArgumentException("An implicit-TLS IMAP listener needs an SSL context");
        }
        this.sslContext = sslContext;
        this.limits = Objects.requireNonNull(limits, "limits");
        this.watcher = Objects.requireNonNull(watcher, "watcher");
        this.capabilities = new ImapCapabilities(settings.appendLimit());
    }

    @Override
    protected void initChannel(Channel ch) {
        if (settings.tlsMode() == ImapSettings.TlsMode.IMPLICIT) {
            ch.pipeline().addLast("tls", sslContext.newHandler(ch.alloc()));
        }
        ch.pipeline()
                .addLast("framer", new ImapFramer(settings.maxLine(), settings.maxLiteral(), settings.appendLimit(),
                        settings.spoolDirectory()))
                .addLast("session", new ImapSession(service, dispatcher, settings, sslContext, limits, capabilities,
                        watcher));
    }
}
