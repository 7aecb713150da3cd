package dev.maildock.e2e;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Accounts for the mail protocol tests, and delivery into their INBOXes through the SMTP port (25). */
final class Mail {

    static final String PASSWORD = "pop-secret-1";
    static final String SENDER = "sender@example.net";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private Mail() {
    }

    /** A new account in the local domain with {@link #PASSWORD}; unique per call and per run. */
    /** Angus Mail session properties for a store on loopback ({@code protocol} pop3, pop3s, imap, imaps), trusting the test certificate. */
    static Properties clientProperties(String protocol, int port) {
        Properties p = new Properties();
        p.put("mail." + protocol + ".host", "127.0.0.1");
        p.put("mail." + protocol + ".port", Integer.toString(port));
        p.put("mail." + protocol + ".connectiontimeout", "10000");
        p.put("mail." + protocol + ".timeout", "30000");
        p.put("mail." + protocol + ".ssl.trust", "*");
        p.put("mail." + protocol + ".ssl.checkserveridentity", "false");
        return p;
    }

    static String newAccount(String prefix) {
        String address = prefix + "-" + System.currentTimeMillis() + "-" + SEQUENCE.incrementAndGet() + "@" + Server.LOCAL_DOMAIN;
        int status = Server.admin("POST", "/accounts",
                "{\"address\":\"" + address + "\",\"password\":\"" + PASSWORD + "\"}").statusCode();
        assertEquals(201, status, "account " + address + " created");
        return address;
    }

    /** A small message with CRLF lines, as a client would compose it. */
    static byte[] message(String to, String subject, String... bodyLines) {
        StringBuilder m = new StringBuilder()
                .append("From: Sender <").append(SENDER).append(">\r\n")
                .append("To: <").append(to).append(">\r\n")
                .append("Subject: ").append(subject).append("\r\n")
                .append("Message-ID: <").append(System.nanoTime()).append(".e2e@example.net>\r\n")
                .append("\r\n");
        for (String line : bodyLines) {
            m.append(line).append("\r\n");
        }
        return m.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Sends one message to one local recipient over port 25 with a raw socket, dot-stuffing lines
     * that start with '.', and asserts every reply.
     */
    static void deliver(String to, byte[] message) {
        try (Socket s = new Socket("127.0.0.1", Server.SMTP_PORT)) {
            s.setSoTimeout(30_000);
            s.setTcpNoDelay(true);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            expect(in, "220");
            command(in, out, "EHLO client.example.net", "250");
            command(in, out, "MAIL FROM:<" + SENDER + ">", "250");
            command(in, out, "RCPT TO:<" + to + ">", "250");
            command(in, out, "DATA", "354");
            out.write(dotStuff(message));
            command(in, out, ".", "250");
            command(in, out, "QUIT", "221");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** RFC 5321 section 4.5.2 / RFC 1939 section 3: a '.' in front of every line starting with '.'. */
    static byte[] dotStuff(byte[] message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean lineStart = true;
        for (byte b : message) {
            if (lineStart && b == '.') {
                out.write('.');
            }
            out.write(b);
            lineStart = b == '\n';
        }
        return out.toByteArray();
    }

    private static void command(InputStream in, OutputStream out, String line, String code) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        expect(in, code);
    }

    /** Reads a (possibly multi-line) SMTP reply and checks its code. */
    private static void expect(InputStream in, String code) throws IOException {
        String line;
        do {
            line = readLine(in);
        } while (line.length() > 3 && line.charAt(3) == '-');
        assertTrue(line.startsWith(code), "expected " + code + " but got: " + line);
    }

    static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, n, StandardCharsets.UTF_8);
            }
            line.write(b);
        }
        throw new EOFException("connection closed after: " + line.toString(StandardCharsets.UTF_8));
    }
}
