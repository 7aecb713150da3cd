package dev.maildock.rar.net;

import dev.maildock.rar.LogCapture;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The listener layer on real loopback sockets: a port that cannot be bound is logged once with the
 * variable to change while the other listeners keep running; -1 disables a listener; closing the
 * last group frees every port.
 */
class NettyListenersTest {

    private final NettyListeners listeners = new NettyListeners("127.0.0.1");

    private LogCapture log;
    private List<LogRecord> records;

    @BeforeEach
    void captureLog() {
        log = LogCapture.on(NettyListeners.class.getName());
        records = log.records();
    }

    @AfterEach
    void release() {
        log.close();
        listeners.shutdown();
    }

    private static ChannelInitializer<SocketChannel> nothing() {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel ch) {
            }
        };
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void aBusyPortIsLoggedWithItsVariableAndTheOthersStillListen() throws IOException {
        try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int busy = squatter.getLocalPort();
            int free = freePort();

            List<Channel> bound = listeners.open(List.of(
                    new ListenerSpec("smtp", "smtp.port", busy, nothing()),
                    new ListenerSpec("pop3", "pop3.port", free, nothing())));

            assertEquals(1, bound.size());
            assertEquals(free, ((InetSocketAddress) bound.get(0).localAddress()).getPort());
            try (Socket client = new Socket("127.0.0.1", free)) {
                assertTrue(client.isConnected(), "the other listener serves");
            }
            List<LogRecord> severe = records.stream().filter(r -> r.getLevel() == Level.SEVERE).toList();
            assertEquals(1, severe.size(), "logged once");
            String message = severe.get(0).getMessage();
            assertTrue(message.contains("smtp.port") && message.contains(String.valueOf(busy)) && message.contains("-1"),
                    message);
        }
    }

    @Test
    void minusOneDisablesAListener() throws IOException {
        int free = freePort();
        List<Channel> bound = listeners.open(List.of(
                new ListenerSpec("pop3s", "pop3s.port", -1, nothing()),
                new ListenerSpec("pop3", "pop3.port", free, nothing())));
        assertEquals(1, bound.size());
        assertTrue(records.stream().anyMatch(r -> r.getMessage().contains("pop3s listener is disabled")));
        assertFalse(records.stream().anyMatch(r -> r.getLevel() == Level.SEVERE));
    }

    @Test
    void closingTheGroupFreesItsPorts() throws IOException {
        int port = freePort();
        List<Channel> bound = listeners.open(List.of(new ListenerSpec("smtp", "smtp.port", port, nothing())));
        listeners.close(bound);
        assertThrows(IOException.class, () -> new Socket("127.0.0.1", port).close(), "nobody listens any more");
        try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertEquals(port, again.getLocalPort(), "the port can be bound again at once");
        }
    }
}
