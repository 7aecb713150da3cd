package dev.maildock.e2e;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The POP3 connection limit per client address (resource adapter default: 50): the 51st
 * connection from one address is refused at connect with {@code -ERR [SYS/TEMP]}, and a closed
 * connection frees its slot. The client binds its own loopback address (127.0.0.51) so that the
 * other tests' connections from 127.0.0.1 do not count.
 */
class Pop3LimitsIT {

    private static final int PER_CLIENT = 50;

    private static Socket connect(InetAddress from) throws IOException {
        Socket s = new Socket(InetAddress.getByName("127.0.0.1"), Server.POP3_PORT, from, 0);
        s.setSoTimeout(30_000);
        return s;
    }

    private static String firstLine(Socket s) throws IOException {
        return Mail.readLine(s.getInputStream());
    }

    @Test
    void theConnectionOverThePerClientLimitIsRefusedAtConnect() throws Exception {
        InetAddress from = InetAddress.getByName("127.0.0.51");
        List<Socket> open = new ArrayList<>();
        try {
            for (int i = 0; i < PER_CLIENT; i++) {
                Socket s = connect(from);
                open.add(s);
                assertTrue(firstLine(s).startsWith("+OK Maildock POP3 ready <"), "connection " + (i + 1));
            }
            try (Socket refused = connect(from)) {
                assertEquals("-ERR [SYS/TEMP] too many connections, try again later", firstLine(refused));
                assertEquals(-1, refused.getInputStream().read(), "closed after the refusal");
            }
            try (Pop3Client other = Pop3Client.plain()) {
                assertTrue(other.greeting.startsWith("+OK"), "other addresses are not affected");
            }

            open.remove(0).close();
            // The slot is given back when the server sees the close: try until it has.
            long deadline = System.nanoTime() + 10_000_000_000L;
            String greeting;
            while (true) {
                try (Socket again = connect(from)) {
                    greeting = firstLine(again);
                }
                if (greeting.startsWith("+OK") || System.nanoTime() > deadline) {
                    break;
                }
                Thread.sleep(100);
            }
            assertTrue(greeting.startsWith("+OK Maildock POP3 ready <"), greeting);
        } finally {
            for (Socket s : open) {
                s.close();
            }
        }
    }
}
