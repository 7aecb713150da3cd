package dev.maildock.e2e;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The resource adapter's SMTP port over a raw socket: the greeting's hostname comes from the MDB
 * (which reads the database before admitting the client), replies follow RFC 5321.
 */
class SmtpPortIT {

    @Test
    void greetsWithTheConfiguredHostnameAndAnswersNoopAndQuit() throws IOException {
        try (Socket s = new Socket("127.0.0.1", Server.SMTP_PORT)) {
            s.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = s.getOutputStream();

            assertEquals("220 " + Server.HOSTNAME + " ESMTP Maildock", in.readLine());
            out.write("NOOP\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("250 2.0.0 OK", in.readLine());
            out.write("noop\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("250 2.0.0 OK", in.readLine(), "commands are case-insensitive");
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("221 2.0.0 " + Server.HOSTNAME + " closing connection", in.readLine());
            assertNull(in.readLine(), "the server closes the connection after QUIT");
        }
    }

    @Test
    void anOverlongCommandLineGetsAnErrorAndTheSessionGoesOn() throws IOException {
        try (Socket s = new Socket("127.0.0.1", Server.SMTP_PORT)) {
            s.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = s.getOutputStream();
            assertTrue(in.readLine().startsWith("220 "));
            out.write(("NOOP " + "x".repeat(2000) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            assertTrue(in.readLine().startsWith("500 5.5.2"));
            out.write("NOOP\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("250 2.0.0 OK", in.readLine());
        }
    }
}
