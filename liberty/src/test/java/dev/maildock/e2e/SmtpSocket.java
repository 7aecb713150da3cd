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
import java.util.Base64;
import javax.net.ssl.SSLSocket;

/**
 * A raw SMTP client socket for protocol edge cases: writes exactly the bytes a test gives and
 * reads whole (multi-line) replies. TLS trusts any certificate (the server's is self-signed).
 */
final class SmtpSocket implements Closeable {

    private Socket socket;
    private InputStream in;
    private OutputStream out;
    final String greeting;

    private SmtpSocket(Socket socket) throws IOException {
        use(socket);
        greeting = reply();
    }

    static SmtpSocket plain(int port) throws IOException {
        return new SmtpSocket(new Socket("127.0.0.1", port));
    }

    static SmtpSocket implicitTls(int port) throws IOException {
        SSLSocket s = (SSLSocket) Server.trustAllTls().getSocketFactory().createSocket("127.0.0.1", port);
        s.startHandshake();
        return new SmtpSocket(s);
    }

    /** Implicit TLS from a chosen loopback address: per-client limits and lockouts stay the test's own. */
    static SmtpSocket implicitTlsFrom(InetAddress local, int port) throws IOException {
        SSLSocket s = (SSLSocket) Server.trustAllTls().getSocketFactory().createSocket("127.0.0.1", port, local, 0);
        s.startHandshake();
        return new SmtpSocket(s);
    }

    /** Waits up to {@code seconds} for the server's next reply line(s) without sending anything. */
    String awaitReply(int seconds) throws IOException {
        socket.setSoTimeout(seconds * 1000);
        return reply();
    }

    private void use(Socket s) throws IOException {
        socket = s;
        socket.setSoTimeout(30_000);
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(s.getInputStream());
        out = s.getOutputStream();
    }

    /** Bytes still unread from the plain-text stream (a STARTTLS test wants none). */
    int buffered() throws IOException {
        return in.available();
    }

    /** TLS on this connection after a 220 to STARTTLS. */
    void startTls() throws IOException {
        SSLSocket tls = (SSLSocket) Server.trustAllTls().getSocketFactory().createSocket(socket, "127.0.0.1", socket.getPort(), true);
        tls.startHandshake();
        use(tls);
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    void write(String text) throws IOException {
        write(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Sends one command line (CRLF added) and returns the reply. */
    String command(String line) throws IOException {
        write(line + "\r\n");
        return reply();
    }

    /** One whole reply, lines joined with "\n" (without the CRLFs). */
    String reply() throws IOException {
        StringBuilder reply = new StringBuilder();
        while (true) {
            String line = line();
            reply.append(line);
            if (line.length() < 4 || line.charAt(3) != '-') {
                return reply.toString();
            }
            reply.append('\n');
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new EOFException("connection closed after " + line.toString(StandardCharsets.ISO_8859_1));
            }
            line.write(b);
        }
        String s = line.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    /** True when the server closed the connection (read returns end of stream). */
    boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (IOException e) {
            return true;
        }
    }

    /** EHLO, STARTTLS, EHLO again and AUTH PLAIN: a submission session ready for MAIL. */
    void submissionLogin(String user, String password) throws IOException {
        expect("250", command("EHLO client.e2e.test"));
        if (!(socket instanceof SSLSocket)) {
            expect("220", command("STARTTLS"));
            startTls();
            expect("250", command("EHLO client.e2e.test"));
        }
        expect("235", command("AUTH PLAIN " + plain(user, password)));
    }

    static String plain(String user, String password) {
        return Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
    }

    static String expect(String prefix, String reply) {
        if (!reply.startsWith(prefix)) {
            throw new AssertionError("expected a reply starting with " + prefix + " but got: " + reply);
        }
        return reply;
    }

    /** MAIL, RCPTs, DATA and the message (dot-stuffed by the caller, ending in CRLF): the final reply. */
    String send(String from, String message, String... to) throws IOException {
        expect("250", command("MAIL FROM:<" + from + ">"));
        for (String rcpt : to) {
            expect("250", command("RCPT TO:<" + rcpt + ">"));
        }
        expect("354", command("DATA"));
        write(message + ".\r\n");
        return reply();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
