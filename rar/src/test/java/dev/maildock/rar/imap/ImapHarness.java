package dev.maildock.rar.imap;

import dev.maildock.rar.testing.EmbeddedSession;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * An IMAP client talking to the real pipeline of {@link ImapChannelInitializer} (framer and
 * session) on an embedded channel (see {@link EmbeddedSession}); text as UTF-8, as IMAP4rev2 has it.
 */
final class ImapHarness extends EmbeddedSession {

    static final InetSocketAddress LOOPBACK_CLIENT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 50143);

    ImapHarness(ImapChannelInitializer initializer, InetSocketAddress remote) throws Exception {
        super(remote, 143, channel -> channel.pipeline().addLast(initializer), StandardCharsets.UTF_8);
    }
}
