package dev.maildock.rar.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The adapter's listening sockets. One acceptor thread and a small pool of event loops serve all
 * protocols; a group of listeners is opened when its endpoint is activated and closed when it is
 * deactivated, so server stop never waits on a socket.
 */
public final class NettyListeners {

    private static final Logger LOG = Logger.getLogger(NettyListeners.class.getName());

    private final String bindAddress;
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private int openGroups;

    public NettyListeners(String bindAddress) {
        this.bindAddress = bindAddress;
    }

    /**
     * Binds every enabled listener of a group. A port that cannot be bound is logged once with the
     * variable to change; the others keep running.
     */
    public synchronized List<Channel> open(List<ListenerSpec> specs) {
        if (openGroups++ == 0) {
            boss = new NioEventLoopGroup(1, new DefaultThreadFactory("maildock-accept", true));
            workers = new NioEventLoopGroup(0, new DefaultThreadFactory("maildock-io", true));
        }
        List<Channel> bound = new ArrayList<>();
        for (ListenerSpec spec : specs) {
            if (!spec.enabled()) {
                LOG.info(() -> "MAILDOCK0002I: The " + spec.service() + " listener is disabled (" + spec.variable()
                        + "=" + spec.port() + ").");
                continue;
            }
            InetSocketAddress address = new InetSocketAddress(bindAddress, spec.port());
            try {
                Channel channel = new ServerBootstrap()
                        .group(boss, workers)
                        .channel(NioServerSocketChannel.class)
                        .option(ChannelOption.SO_BACKLOG, 1024)
                        .option(ChannelOption.SO_REUSEADDR, true)
                        .childOption(ChannelOption.TCP_NODELAY, true)
                        .childOption(ChannelOption.SO_KEEPALIVE, true)
                        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, SessionChannel.WATER_MARK)
                        .childHandler(spec.initializer())
                        .bind(address).syncUninterruptibly().channel();
                bound.add(channel);
                LOG.info(() -> "MAILDOCK0001I: The " + spec.service() + " listener is listening on " + address + ".");
            } catch (Exception e) {
                // Not RuntimeException: Netty rethrows the bind's java.net.BindException unchecked
                // ("sneaky throw"), and it must not take the other listeners down with it.
                LOG.severe(() -> "MAILDOCK0003E: The " + spec.service() + " listener could not bind " + address
                        + " (" + e + "). Set the server variable " + spec.variable()
                        + " to a free port, or to -1 to disable this listener.");
            }
        }
        return bound;
    }

    /** Closes a group's channels; the last group to close also stops the event loops. */
    public synchronized void close(List<Channel> channels) {
        for (Channel channel : channels) {
            channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
            LOG.info(() -> "MAILDOCK0004I: Stopped listening on " + channel.localAddress() + ".");
        }
        if (--openGroups == 0) {
            shutdown();
        }
    }

    public synchronized void shutdown() {
        openGroups = 0;
        // Quiet period 0: established sessions are cut at once; nothing in flight is acknowledged
        // to a client before its transaction committed, so cutting loses nothing.
        if (boss != null) {
            boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            boss.terminationFuture().awaitUninterruptibly(3, TimeUnit.SECONDS);
            workers.terminationFuture().awaitUninterruptibly(3, TimeUnit.SECONDS);
            boss = null;
            workers = null;
            LOG.log(Level.FINE, "Event loops stopped");
        }
    }
}
