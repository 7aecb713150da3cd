package dev.maildock.e2e;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSocket;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** A raw POP3 connection: exact lines and octets, for what a library client would hide. */
final class Pop3Client implements Closeable {

    private Socket socket;
    private InputStream in;
    private OutputStream out;
    final String greeting;

    private Pop3Client(Socket socket) throws IOException {
        use(socket);
        greeting = line();
    }

    /** Connects to pop3.port and reads the greeting. */
    static Pop3Client plain() throws IOException {
        return new Pop3Client(new Socket("127.0.0.1", Server.POP3_PORT));
    }

    /** Connects to another server's POP3 port (the second node of TwoNodeIT) and reads the greeting. */
    static Pop3Client plain(int port) throws IOException {
        return new Pop3Client(new Socket("127.0.0.1", port));
    }

    /** Connects to pop3.port from a chosen loopback address (its own per-client counters). */
    static Pop3Client plainFrom(InetAddress local) throws IOException {
        return new Pop3Client(new Socket(InetAddress.getByName("127.0.0.1"), Server.POP3_PORT, local, 0));
    }

    /** Waits up to {@code seconds} for the next line from the server; null at end of stream. */
    String awaitLineOrNull(int seconds) throws IOException {
        socket.setSoTimeout(seconds * 1000);
        return lineOrNull();
    }

    /** Connects to pop3s.port (TLS from the first byte) and reads the greeting. */
    static Pop3Client implicitTls() throws IOException {
        SSLSocket tls = (SSLSocket) Server.trustAllTls().getSocketFactory().createSocket("127.0.0.1", Server.POP3S_PORT);
        tls.startHandshake();
        return new Pop3Client(tls);
    }

    /** Connects and logs in with USER/PASS, asserting +OK. */
    static Pop3Client login(String user, String password) throws IOException {
        Pop3Client c = plain();
        c.ok("USER " + user);
        c.ok("PASS " + password);
        return c;
    }

    /**
     * Every message of the maildrop in order, exactly as stored (byte-stuffing removed), then QUIT:
     * the lock is released before this returns and nothing is deleted.
     */
    static List<byte[]> messages(String user, String password) throws IOException {
        try (Pop3Client c = login(user, password)) {
            int count = c.count();
            List<byte[]> all = new ArrayList<>(count);
            for (int i = 1; i <= count; i++) {
                all.add(c.retr(i));
            }
            c.quit();
            return all;
        }
    }

    /** The message count from STAT. */
    int count() throws IOException {
        return Integer.parseInt(ok("STAT").split(" ")[1]);
    }

    /** UIDL: the unique ids of all messages, in order. */
    List<String> uidl() throws IOException {
        ok("UIDL");
        return multiLine().stream().map(l -> l.split(" ")[1]).toList();
    }

    /** RETR n: the message's octets exactly as stored. */
    byte[] retr(int n) throws IOException {
        ok("RETR " + n);
        return unstuff(multiLineBytes());
    }

    /** QUIT: the UPDATE state, which also releases the maildrop lock before answering. */
    void quit() throws IOException {
        ok("QUIT");
    }

    private void use(Socket s) throws IOException {
        socket = s;
        s.setSoTimeout(30_000);
        s.setTcpNoDelay(true);
        in = new BufferedInputStream(s.getInputStream());
        out = s.getOutputStream();
    }

    /** Puts TLS over the connection (after +OK to STLS). */
    void startTls() throws IOException {
        SSLSocket tls = (SSLSocket) Server.trustAllTls().getSocketFactory().createSocket(socket, "127.0.0.1", Server.POP3_PORT, true);
        tls.startHandshake();
        use(tls);
    }

    void send(String raw) throws IOException {
        out.write(raw.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Sends a command and returns the status line. */
    String command(String line) throws IOException {
        send(line + "\r\n");
        return line();
    }

    /** Sends a command and asserts +OK. */
    String ok(String line) throws IOException {
        String reply = command(line);
        assertTrue(reply.startsWith("+OK"), line + " -> " + reply);
        return reply;
    }

    String line() throws IOException {
        return Mail.readLine(in);
    }

    /** Null at end of stream. */
    String lineOrNull() throws IOException {
        try {
            return line();
        } catch (EOFException e) {
            return null;
        }
    }

    /** The lines of a multi-line response up to (without) the terminating ".", still byte-stuffed. */
    List<String> multiLine() throws IOException {
        List<String> lines = new ArrayList<>();
        for (String l = line(); !l.equals("."); l = line()) {
            lines.add(l);
        }
        return lines;
    }

    /**
     * The octets of a multi-line response exactly as they came, up to and including the CRLF
     * before the terminating ".CRLF" (which is consumed but not returned).
     */
    byte[] multiLineBytes() throws IOException {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        while (true) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != '\n') {
                if (b == -1) {
                    throw new EOFException("connection closed in a multi-line response");
                }
                line.write(b);
            }
            line.write('\n');
            byte[] l = line.toByteArray();
            if (l.length == 3 && l[0] == '.' && l[1] == '\r') {
                return data.toByteArray();
            }
            data.write(l, 0, l.length);
        }
    }

    /** Removes the byte-stuffing dot from every line that starts with one (RFC 1939 section 3). */
    static byte[] unstuff(byte[] stuffed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean lineStart = true;
        for (byte b : stuffed) {
            if (!(lineStart && b == '.')) {
                out.write(b);
                lineStart = b == '\n';
            } else {
                lineStart = false;
            }
        }
        return out.toByteArray();
    }

    boolean closedByServer() throws IOException {
        return in.read() == -1;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
