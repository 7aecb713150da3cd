package dev.maildock.rar.pop3;

import dev.maildock.rar.testing.EmbeddedSession;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A POP3 client talking to the real pipeline of {@link Pop3ChannelInitializer} on an embedded
 * channel (see {@link EmbeddedSession}); octets as ISO-8859-1, 1:1.
 */
final class Pop3Harness extends EmbeddedSession {

    static final InetSocketAddress LOOPBACK_CLIENT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 50110);

    Pop3Harness(Pop3ChannelInitializer initializer) throws Exception {
        this(initializer, LOOPBACK_CLIENT);
    }

    Pop3Harness(Pop3ChannelInitializer initializer, InetSocketAddress remote) throws Exception {
        super(remote, 110, initializer::initPipeline, StandardCharsets.ISO_8859_1);
    }
}
