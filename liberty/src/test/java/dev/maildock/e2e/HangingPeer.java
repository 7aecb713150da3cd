package dev.maildock.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/**
 * A remote MX that stops answering: it accepts the TCP connection and then never greets
 * ({@link Stall#GREETING}), or speaks SMTP until the end of the data and never replies to the
 * final dot ({@link Stall#AFTER_DATA}). It never closes a connection itself, so a connection that
 * ends was ended by the client.
 */
final class HangingPeer implements AutoCloseable {

    enum Stall { GREETING, AFTER_DATA }

    /** One accepted connection: whether the data was read completely, whether the client closed it. */
    static final class Connection {
        volatile boolean dataReceived;
        volatile boolean closedByClient;
    }

    private final ServerSocket server;
    private final Stall stall;
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    final String host;

    private HangingPeer(String host, Stall stall) throws IOException {
        this.host = host;
        this.stall = stall;
        server = new ServerSocket(Sink.PORT, 50, InetAddress.getByName(host));
        Thread accept = new Thread(this::accept, "hanging peer " + host);
        accept.setDaemon(true);
        accept.start();
    }

    static HangingPeer start(String host, Stall stall) throws IOException {
        return new HangingPeer(host, stall);
    }

    List<Connection> connections() {
        return connections;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                sockets.add(s);
                Connection c = new Connection();
                connections.add(c);
                Thread t = new Thread(() -> serve(s, c), "hanging peer connection");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s, Connection c) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            if (stall == Stall.AFTER_DATA) {
                reply(out, "220 hang.e2e.test ESMTP");
                boolean data = false;
                StringBuilder line = new StringBuilder();
                for (int b; (b = in.read()) >= 0; ) {
                    if (b != '\n') {
                        if (b != '\r') {
                            line.append((char) b);
                        }
                        continue;
                    }
                    String l = line.toString();
                    line.setLength(0);
                    if (data) {
                        if (l.equals(".")) {
                            // The final dot: the client now waits for a reply that never comes.
                            c.dataReceived = true;
                            break;
                        }
                        continue;
                    }
                    String verb = l.length() >= 4 ? l.substring(0, 4).toUpperCase() : l.toUpperCase();
                    switch (verb) {
                        case "EHLO" -> reply(out, "250-hang.e2e.test\r\n250 8BITMIME");
                        case "DATA" -> {
                            reply(out, "354 go ahead");
                            data = true;
                        }
                        case "QUIT" -> {
                            reply(out, "221 bye");
                            return;
                        }
                        default -> reply(out, "250 ok");
                    }
                }
            }
            // Silent from here on: read (and drop) until the client gives up and closes.
            while (in.read() >= 0) {
                // nothing
            }
            c.closedByClient = true;
        } catch (IOException e) {
            c.closedByClient = !server.isClosed();
        }
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Waits until {@code condition} holds; false when it did not within {@code limit}. */
    static boolean await(BooleanSupplier condition, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(100);
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
