package dev.maildock.rar.pop3;

import dev.maildock.rar.testing.TestTls;
import dev.maildock.rar.testing.ExecutorWorkManager;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLSocket;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pipeline on a real NIO event loop and loopback TCP, with listener calls on a thread pool:
 * the threading of the session (off the loop and back) as it runs in the server.
 */
class Pop3LoopbackTest {

    private static final byte[] MESSAGE = Messages.ofSize(3000, "Subject: loopback", "", ".dot line", "body");

    private static TestTls tls;

    private final InMemoryPop3Platform platform = new InMemoryPop3Platform();
    private EventLoopGroup loop;
    private ExecutorService platformThreads;
    private Channel listener;

    @BeforeAll
    static void certificate(@TempDir Path dir) throws Exception {
        tls = TestTls.create(dir);
    }

    @BeforeEach
    void maildrop() {
        platform.addAccount("kcope", "secret");
        platform.deliver("kcope", "uid-1", MESSAGE);
        platform.deliver("kcope", "uid-2", MESSAGE);
        loop = new NioEventLoopGroup(1);
        platformThreads = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void stop() throws Exception {
        if (listener != null) {
            listener.close().sync();
        }
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        platformThreads.shutdownNow();
    }

    private int listen(Pop3Settings.TlsMode mode) {
        Pop3Settings settings = Pop3Settings.defaults(mode).withFailedLoginDelay(Duration.ZERO).withRetrieveChunk(1024);
        listener = new ServerBootstrap().group(loop).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                // Small socket buffers, so that a slow reader really backs the server up.
                .childOption(ChannelOption.SO_SNDBUF, 16 * 1024)
                .childHandler(new Pop3ChannelInitializer("pop3", platform.dispatcher(
                        new ExecutorWorkManager(platformThreads)), settings, tls.server()))
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).syncUninterruptibly().channel();
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** A line-oriented client on a plain or TLS socket. */
    private static final class Client implements AutoCloseable {
        private Socket socket;
        private InputStream in;
        private OutputStream out;

        Client(Socket socket) throws IOException {
            use(socket);
        }

        void use(Socket socket) throws IOException {
            this.socket = socket;
            socket.setSoTimeout(10_000);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }

        String line() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b; (b = in.read()) != -1; ) {
                line.write(b);
                if (b == '\n') {
                    break;
                }
            }
            return line.toString(StandardCharsets.ISO_8859_1);
        }

        String command(String command) throws IOException {
            out.write((command + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return line();
        }

        /** Reads a whole multi-line response after its status line. */
        String multiline(String command) throws IOException {
            StringBuilder response = new StringBuilder(command(command));
            String line;
            do {
                line = line();
                response.append(line);
            } while (!line.equals(".\r\n") && !line.isEmpty());
            return response.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private Socket plainSocket(int port) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(16 * 1024);
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return socket;
    }

    @Test
    void plainSessionRetrievesAndDeletesOverTcp() throws Exception {
        int port = listen(Pop3Settings.TlsMode.STLS);
        try (Client client = new Client(plainSocket(port))) {
            assertTrue(client.line().startsWith("+OK Maildock POP3 ready <"));
            client.command("USER kcope");
            assertEquals("+OK maildrop has 2 messages (6000 octets)\r\n", client.command("PASS secret"));
            assertEquals("+OK 2 messages (6000 octets)\r\n1 3000\r\n2 3000\r\n.\r\n", client.multiline("LIST"));
            String retr = client.multiline("RETR 2");
            assertEquals(new String(MESSAGE, StandardCharsets.ISO_8859_1), Messages.body(retr));
            assertEquals("+OK message 1 deleted\r\n", client.command("DELE 1"));
            assertEquals("+OK Maildock POP3 server signing off (1 messages left)\r\n", client.command("QUIT"));
            assertEquals("", client.line(), "the server closes after QUIT");
        }
        assertEquals(1, platform.messagesOf("kcope"));
    }

    @Test
    void stlsThenAuthPlainOverTcp() throws Exception {
        int port = listen(Pop3Settings.TlsMode.STLS);
        try (Client client = new Client(plainSocket(port))) {
            client.line();
            assertEquals("+OK Begin TLS negotiation\r\n", client.command("STLS"));
            SSLSocket secure = (SSLSocket) tls.jdkClient().getSocketFactory()
                    .createSocket(client.socket, "localhost", port, true);
            secure.startHandshake();
            client.use(secure);
            assertTrue(client.multiline("CAPA").contains("\r\nSASL PLAIN\r\n"));
            String credentials = Base64.getEncoder().encodeToString("\0kcope\0secret".getBytes(StandardCharsets.UTF_8));
            assertEquals("+OK maildrop has 2 messages (6000 octets)\r\n", client.command("AUTH PLAIN " + credentials));
            assertEquals(new String(MESSAGE, StandardCharsets.ISO_8859_1), Messages.body(client.multiline("RETR 1")));
            assertEquals("+OK Maildock POP3 server signing off (2 messages left)\r\n", client.command("QUIT"));
        }
    }

    @Test
    void implicitTlsOverTcp() throws Exception {
        int port = listen(Pop3Settings.TlsMode.IMPLICIT);
        try (Client client = new Client(tls.jdkClient().getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), port))) {
            assertTrue(client.line().startsWith("+OK Maildock POP3 ready <"));
            client.command("USER kcope");
            assertEquals("+OK maildrop has 2 messages (6000 octets)\r\n", client.command("PASS secret"));
            assertEquals("+OK Maildock POP3 server signing off (2 messages left)\r\n", client.command("QUIT"));
        }
    }

    @Test
    void droppedTcpConnectionReleasesTheMaildrop() throws Exception {
        int port = listen(Pop3Settings.TlsMode.STLS);
        try (Client client = new Client(plainSocket(port))) {
            client.line();
            client.command("USER kcope");
            client.command("PASS secret");
            client.command("DELE 1");
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (platform.locked("kcope") && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(platform.calls.contains("release h1"));
        assertEquals(2, platform.messagesOf("kcope"));
    }

    @Test
    void largeMessageToASlowReaderIsSentChunkByChunkAndExact() throws Exception {
        // Far more than the socket buffers hold: the transfer must wait for the socket to drain.
        StringBuilder big = new StringBuilder("Subject: big\r\n\r\n");
        for (int i = 0; big.length() < 4_000_000; i++) {
            big.append(i % 50 == 0 ? "." : "").append("line ").append(i).append(" of a large message\r\n");
        }
        byte[] content = big.toString().getBytes(StandardCharsets.ISO_8859_1);
        platform.addAccount("big", "secret");
        platform.deliver("big", "uid-big", content);
        int port = listen(Pop3Settings.TlsMode.STLS);
        try (Client client = new Client(plainSocket(port))) {
            client.line();
            client.command("USER big");
            client.command("PASS secret");
            client.out.write("RETR 1\r\n".getBytes(StandardCharsets.ISO_8859_1));
            client.out.flush();
            Thread.sleep(500);
            StringBuilder response = new StringBuilder(client.line());
            for (String line = ""; !line.equals(".\r\n"); ) {
                line = client.line();
                assertTrue(!line.isEmpty(), "connection ended early");
                response.append(line);
            }
            assertEquals("+OK " + content.length + " octets", Messages.status(response.toString()));
            assertEquals(big.toString(), Messages.body(response.toString()));
            assertEquals("+OK\r\n", client.command("NOOP"));
        }
    }
}
