package dev.maildock.e2e;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A raw POP3 client for reading back exactly what was stored: RETR without any client-side
 * decoding except RFC 1939 dot-unstuffing, so byte-exact comparisons are possible.
 * {@link #close()} sends QUIT, which releases the maildrop lock and deletes nothing.
 */
final class Pop3Client implements Closeable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private Pop3Client(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(30_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        ok(line());
    }

    static Pop3Client login(String user, String password) throws IOException {
        Pop3Client c = new Pop3Client(new Socket("127.0.0.1", Server.POP3_PORT));
        c.ok(c.command("USER " + user));
        c.ok(c.command("PASS " + password));
        return c;
    }

    /** Every message of the maildrop, in order. */
    static List<byte[]> messages(String user, String password) throws IOException {
        try (Pop3Client c = login(user, password)) {
            int count = c.count();
            List<byte[]> all = new ArrayList<>(count);
            for (int i = 1; i <= count; i++) {
                all.add(c.retr(i));
            }
            return all;
        }
    }

    /** The message count from STAT. */
    int count() throws IOException {
        String stat = ok(command("STAT"));
        return Integer.parseInt(stat.split(" ")[1]);
    }

    /** UIDL: the unique ids of all messages, in order. */
    List<String> uidl() throws IOException {
        ok(command("UIDL"));
        List<String> ids = new ArrayList<>();
        for (String line = line(); !line.equals("."); line = line()) {
            ids.add(line.split(" ")[1]);
        }
        return ids;
    }

    byte[] retr(int n) throws IOException {
        ok(command("RETR " + n));
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        while (true) {
            byte[] line = rawLine();
            if (Arrays.equals(line, ".\r\n".getBytes(StandardCharsets.US_ASCII))) {
                return message.toByteArray();
            }
            int from = line.length > 1 && line[0] == '.' ? 1 : 0;
            message.write(line, from, line.length - from);
        }
    }

    String command(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return line();
    }

    private static String ok(String reply) {
        if (!reply.startsWith("+OK")) {
            throw new AssertionError("POP3 said: " + reply);
        }
        return reply;
    }

    private String line() throws IOException {
        String s = new String(rawLine(), StandardCharsets.ISO_8859_1);
        return s.substring(0, s.length() - (s.endsWith("\r\n") ? 2 : 1));
    }

    /** One line with its line ending. */
    private byte[] rawLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        do {
            b = in.read();
            if (b < 0) {
                throw new EOFException("POP3 connection closed");
            }
            line.write(b);
        } while (b != '\n');
        return line.toByteArray();
    }

    @Override
    public void close() throws IOException {
        try {
            command("QUIT");
        } finally {
            socket.close();
        }
    }
}
