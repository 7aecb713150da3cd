package dev.maildock.e2e;

import jakarta.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A receiving SMTP server (liberty/src/test/python/smtp_sink.py, on aiosmtpd) on a loopback
 * address and the port the server delivers outbound mail to (maildock.outbound.port): the remote
 * MX or the smarthost of a test. What it accepted is read back from its directory.
 */
final class Sink implements AutoCloseable {

    static final int PORT = Integer.getInteger("e2e.outbound.port");
    private static final String PYTHON = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";

    /** One accepted transaction: the bytes and the envelope as JSON. */
    record Received(byte[] message, JsonObject envelope) {
        String text() {
            return new String(message, StandardCharsets.UTF_8);
        }
    }

    private final Process process;
    private final Path directory;
    final String host;

    private Sink(String host, Process process, Path directory) {
        this.host = host;
        this.process = process;
        this.directory = directory;
    }

    /** Starts a sink on {@code host} (e.g. 127.0.0.7); {@code extra}: --tls, --auth user:pass. */
    static Sink start(String host, String... extra) throws IOException {
        Path dir = Files.createTempDirectory("maildock-sink-");
        List<String> command = new ArrayList<>(List.of(PYTHON, Path.of("src/test/python/smtp_sink.py").toString(),
                "--host", host, "--port", String.valueOf(PORT), "--dir", dir.toString()));
        command.addAll(List.of(extra));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (!"READY".equals(line)) {
            p.destroyForcibly();
            throw new IllegalStateException("SMTP sink on " + host + ":" + PORT + " did not start: " + line
                    + " (needs python3-aiosmtpd)");
        }
        Thread drain = new Thread(() -> out.lines().forEach(l -> System.out.println("sink " + host + ": " + l)));
        drain.setDaemon(true);
        drain.start();
        return new Sink(host, p, dir);
    }

    List<Received> received() throws IOException {
        List<Received> all = new ArrayList<>();
        for (int n = 1; Files.exists(directory.resolve(n + ".eml")); n++) {
            all.add(new Received(Files.readAllBytes(directory.resolve(n + ".eml")),
                    ApiJson.object(Files.readString(directory.resolve(n + ".json")))));
        }
        return all;
    }

    /** Waits until at least {@code count} transactions arrived. */
    List<Received> await(int count, Duration limit) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            List<Received> all = received();
            if (all.size() >= count || System.nanoTime() > deadline) {
                return all;
            }
            Thread.sleep(100);
        }
    }

    /** Every RCPT TO address the sink was given, in order. */
    List<String> rcptLog() throws IOException {
        Path log = directory.resolve("rcpt.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    @Override
    public void close() throws IOException {
        process.getOutputStream().close();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        Folders.delete(directory);
    }
}
