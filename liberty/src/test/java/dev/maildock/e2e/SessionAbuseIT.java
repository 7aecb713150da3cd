package dev.maildock.e2e;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Clients that try to hold the server's memory or its connection slots, against the running server
 * (hardening issue #22, items 1 and 6):
 * <ul>
 * <li>a client that pipelines up to 100 MB of commands and never reads a reply: the server stops
 * reading it once 64 KiB of replies wait, so the live heap (after a full GC, read with
 * {@code jcmd} from the server's JVM) grows by less than {@link #HEAP_BOUND_MB}; before, 10 s of flood grew it by
 * 564 MB (SMTP NOOP) and 359 MB (POP3 NOOP/LIST). The flood stops early once the heap has grown past
 * {@link #FLOOD_STOP_MB}, so the old behaviour fails the test without filling the server's heap;</li>
 * <li>clients that trickle one octet every 2 s on the command line or inside DATA: cut at the
 * per-record deadline ({@link Server#IDLE_TIMEOUT} s in this build) rather than held forever.</li>
 * </ul>
 * Meanwhile fresh clients are served. Each scenario binds its own loopback address, so its
 * per-address connection counts touch no other test.
 */
class SessionAbuseIT {

    /** What one flooding connection may add to the live heap, far above its ~1 MiB of buffers. */
    static final long HEAP_BOUND_MB = 64;
    private static final long FLOOD_STOP_MB = 400;
    private static final long FLOOD_BYTES = 100L * 1024 * 1024;
    private static final int FLOOD_SECONDS = 10;

    @Test
    void smtpClientThatNeverReadsItsRepliesIsNotReadEither() throws Exception {
        try (Socket flood = connect("127.0.0.81", Server.SMTP_PORT)) {
            BufferedReader in = reader(flood);
            assertTrue(in.readLine().startsWith("220 "));
            floodAndCheck(flood, "NOOP\r\n");
        }
    }

    @Test
    void pop3ClientThatNeverReadsItsResponsesIsNotReadEither() throws Exception {
        String user = Mail.newAccount("flood");
        Mail.deliver(user, Mail.message(user, "listed", "body"));
        // From 127.0.0.1 to 127.0.0.1: USER/PASS without TLS only from this host (maildock.auth.plaintext).
        try (Socket flood = connect("127.0.0.1", Server.POP3_PORT)) {
            BufferedReader in = reader(flood);
            assertTrue(in.readLine().startsWith("+OK"));
            send(flood, "USER " + user + "\r\n");
            assertTrue(in.readLine().startsWith("+OK"));
            send(flood, "PASS " + Mail.PASSWORD + "\r\n");
            assertTrue(in.readLine().startsWith("+OK"));
            floodAndCheck(flood, "NOOP\r\nLIST\r\n");
        }
    }

    @Test
    void tricklingClientsAreCutAtTheDeadline() throws Exception {
        String user = Mail.newAccount("trickle");
        InetAddress client = InetAddress.getByName("127.0.0.83");
        List<Socket> tricklers = new ArrayList<>();
        try {
            Socket command = new Socket("127.0.0.1", Server.SMTP_PORT, client, 0);
            assertTrue(reader(command).readLine().startsWith("220 "));
            tricklers.add(command);

            Socket data = new Socket("127.0.0.1", Server.SMTP_PORT, client, 0);
            BufferedReader dataIn = reader(data);
            assertTrue(dataIn.readLine().startsWith("220 "));
            send(data, "HELO trickle.example\r\nMAIL FROM:<t@remote.example>\r\nRCPT TO:<" + user + ">\r\nDATA\r\n");
            for (String expected : List.of("250", "250", "250", "354")) {
                String reply = dataIn.readLine();
                assertTrue(reply.startsWith(expected), reply);
            }
            tricklers.add(data);

            Socket pop3 = new Socket("127.0.0.1", Server.POP3_PORT, client, 0);
            assertTrue(reader(pop3).readLine().startsWith("+OK"));
            tricklers.add(pop3);

            long started = System.nanoTime();
            long limit = TimeUnit.SECONDS.toNanos(Server.IDLE_TIMEOUT + 15L);
            int held = tricklers.size();
            while (held > 0 && System.nanoTime() - started < limit) {
                held = 0;
                for (Socket trickler : tricklers) {
                    held += trickle(trickler) ? 1 : 0;
                }
                Thread.sleep(2000);
            }
            double waited = (System.nanoTime() - started) / 1e9;
            assertEquals(0, held, "tricklers still held after " + waited + " s");
            assertTrue(waited >= Server.IDLE_TIMEOUT - 2, "cut at the deadline, not before: " + waited + " s");
            try (SmtpSocket fresh = SmtpSocket.plain(Server.SMTP_PORT)) {
                assertTrue(fresh.greeting.startsWith("220 "), fresh.greeting);
            }
        } finally {
            for (Socket trickler : tricklers) {
                trickler.close();
            }
        }
    }

    /**
     * Sends one octet; false once the server has closed the connection (an SMTP 421 counts as
     * closed: the server writes it just before the close).
     */
    private static boolean trickle(Socket socket) {
        try {
            socket.setSoTimeout(1);
            try {
                socket.getInputStream().read(); // the 421, or the end of the stream
                return false;
            } catch (SocketTimeoutException nothingYet) {
                socket.getOutputStream().write('x');
                return true;
            }
        } catch (IOException reset) {
            return false;
        }
    }

    /**
     * Pipelines {@code commands} over and over, up to {@link #FLOOD_BYTES}, never reading, then
     * checks the server's live heap and that a fresh client is greeted promptly meanwhile.
     */
    private static void floodAndCheck(Socket flood, String commands) throws Exception {
        long before = settledHeapMb();
        byte[] block = commands.repeat(64 * 1024 / commands.length()).getBytes(StandardCharsets.US_ASCII);
        AtomicLong written = new AtomicLong();
        Thread writer = new Thread(() -> {
            try {
                OutputStream out = flood.getOutputStream();
                while (written.get() < FLOOD_BYTES) {
                    out.write(block);
                    written.addAndGet(block.length);
                }
            } catch (IOException closed) {
                // closed by the test (the writer was blocked) or by the server
            }
        }, "flood");
        writer.start();
        long grown = 0;
        // As the probe: 10 s of flood (well inside the 20 s deadline of this build, so the
        // connection is still open when the heap is read), or less once the heap grew too far.
        for (int second = 0; second < FLOOD_SECONDS && grown < FLOOD_STOP_MB; second++) {
            Thread.sleep(1000);
            grown = usedHeapMb() - before;
        }
        long greeting = greetingMillis();
        long after = liveHeapMb();
        long sent = written.get();
        flood.close();
        writer.join(10_000);
        assertTrue(after - before < HEAP_BOUND_MB, "live heap grew by " + (after - before) + " MB while a client"
                + " pipelined " + sent / (1024 * 1024) + " MB without reading");
        assertTrue(greeting < 2000, "a fresh client waited " + greeting + " ms for its greeting");
    }

    private static long greetingMillis() throws IOException {
        long started = System.nanoTime();
        try (SmtpSocket fresh = SmtpSocket.plain(Server.SMTP_PORT)) {
            assertTrue(fresh.greeting.startsWith("220 "), fresh.greeting);
        }
        return (System.nanoTime() - started) / 1_000_000;
    }

    private static Socket connect(String local, int port) throws IOException {
        Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port, InetAddress.getByName(local), 0);
        socket.setSoTimeout(30_000);
        socket.setTcpNoDelay(true);
        return socket;
    }

    private static BufferedReader reader(Socket socket) throws IOException {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    // ---------------------------------------------------------------- the server's heap

    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    /**
     * The live heap once it has settled: a connection closed just before (an earlier test's)
     * may still be releasing what it held.
     */
    private static long settledHeapMb() throws IOException, InterruptedException {
        long previous = liveHeapMb();
        for (int i = 0; i < 20; i++) {
            Thread.sleep(1000);
            long now = liveHeapMb();
            if (Math.abs(now - previous) < 8) {
                return Math.min(now, previous);
            }
            previous = now;
        }
        return previous;
    }

    /** The server's heap in use after a full GC. */
    private static long liveHeapMb() throws IOException, InterruptedException {
        jcmd("GC.run");
        return usedHeapMb();
    }

    /** The server's heap in use now (garbage included). */
    private static long usedHeapMb() throws IOException, InterruptedException {
        Matcher used = USED.matcher(jcmd("GC.heap_info"));
        assertTrue(used.find(), "jcmd GC.heap_info names the heap in use");
        return Long.parseLong(used.group(1)) / 1024;
    }

    private static String jcmd(String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process process = new ProcessBuilder(jcmd.toString(), serverPid(), command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0, output);
        return output;
    }

    /** Liberty writes its JVM's pid to usr/servers/.pid/SERVER.pid. */
    private static String serverPid() throws IOException {
        Path pid = Server.serverDir().resolveSibling(".pid").resolve(Server.serverDir().getFileName() + ".pid");
        return Files.readString(pid).trim();
    }
}
