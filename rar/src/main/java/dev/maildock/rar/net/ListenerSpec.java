package dev.maildock.rar.net;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.Channel;

/**
 * One listening port to open.
 *
 * @param service     the protocol service name ("smtp", "submission", ...), used in logs and ClientInfo
 * @param variable    the server variable that sets the port, named in the log when binding fails
 * @param port        the port; zero or less disables the listener
 * @param initializer builds the pipeline of each accepted connection
 */
public record ListenerSpec(String service, String variable, int port, ChannelInitializer<? extends Channel> initializer) {

    public boolean enabled() {
        return port > 0;
    }
}
