package dev.maildock.e2e;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A raw IMAP connection: exact response lines, for what a library client hides (the untagged
 * updates of IDLE and NOOP, and when they arrive). Commands whose answers carry literals are not
 * for it: a line is a line.
 */
final class ImapSocket implements Closeable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private int tags;
    private String idleTag;

    private ImapSocket(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(30_000);
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Connects to {@code port} on loopback, reads the greeting and logs in (LOGIN, quoted strings). */
    static ImapSocket login(int port, String user, String password) throws IOException {
        ImapSocket imap = new ImapSocket(new Socket("127.0.0.1", port));
        String greeting = imap.line();
        assertTrue(greeting.startsWith("* OK"), greeting);
        imap.ok("LOGIN \"" + user + "\" \"" + password + "\"");
        return imap;
    }

    /** Sends a command under a new tag and returns every line of the answer, the tagged OK last. */
    List<String> ok(String command) throws IOException {
        String tag = "t" + ++tags;
        send(tag + " " + command + "\r\n");
        List<String> lines = untilTagged(tag);
        assertTrue(lines.get(lines.size() - 1).startsWith(tag + " OK"), command + " -> " + lines);
        return lines;
    }

    /** IDLE (RFC 9051 section 6.3.13), once the server's continuation came. */
    void idle() throws IOException {
        idleTag = "t" + ++tags;
        send(idleTag + " IDLE\r\n");
        String continuation = line();
        assertTrue(continuation.startsWith("+"), "IDLE -> " + continuation);
    }

    /** DONE: ends the IDLE and returns the lines up to its tagged OK. */
    List<String> done() throws IOException {
        send("DONE\r\n");
        List<String> lines = untilTagged(idleTag);
        assertTrue(lines.get(lines.size() - 1).startsWith(idleTag + " OK"), "DONE -> " + lines);
        idleTag = null;
        return lines;
    }

    /**
     * Reads lines, sending nothing, until one starts with {@code prefix}; fails after {@code limit}
     * naming the lines that came instead.
     */
    String await(String prefix, Duration limit) throws IOException {
        long deadline = System.nanoTime() + limit.toNanos();
        List<String> others = new ArrayList<>();
        try {
            while (true) {
                socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                String line = line();
                if (line.startsWith(prefix)) {
                    return line;
                }
                others.add(line);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no \"" + prefix + "\" within " + limit + "; came instead: " + others, e);
        } finally {
            socket.setSoTimeout(30_000);
        }
    }

    private List<String> untilTagged(String tag) throws IOException {
        List<String> lines = new ArrayList<>();
        String line;
        do {
            line = line();
            lines.add(line);
        } while (!line.startsWith(tag + " "));
        return lines;
    }

    private void send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private String line() throws IOException {
        return Mail.readLine(in);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
