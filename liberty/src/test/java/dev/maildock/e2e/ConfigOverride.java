package dev.maildock.e2e;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * A configDropins/overrides file applied to the running server, no server restart: Liberty applies
 * it and restarts (or stops) the Maildock application. Closing removes the file and waits until
 * Maildock has started again with SMTP and POP3 listening. Readiness is read from messages.log,
 * because the ports close before the old application has stopped.
 */
final class ConfigOverride implements AutoCloseable {

    private static final Path LOG = Server.serverDir().resolve("logs/messages.log");
    private static final Duration LIMIT = Duration.ofSeconds(120);
    private static final String STARTED = "CWWKZ0001I: Application maildock started";
    private static final String UPDATED = "CWWKZ0003I: The application maildock updated";
    private static final String STOPPED = "CWWKZ0009I: The application maildock has stopped";

    private final Path file;
    /** Where messages.log ended when the file was written. */
    private long logOffset;

    private ConfigOverride(Path file) {
        this.file = file;
    }

    /**
     * smtp.port set to a value that is no port number: Maildock restarted with the SMTP listener
     * closed (MAILDOCK0009E) and the four others listening, Maildock itself running.
     */
    static ConfigOverride invalidSmtpPort(String value) throws IOException, InterruptedException {
        return apply("zz-e2e-invalid-smtp-port.xml", """
                <server>
                  <variable name="smtp.port" value="%s"/>
                </server>
                """.formatted(value), offset -> logSays(offset, "MAILDOCK0009E") && !listens(Server.SMTP_PORT)
                && listens(Server.SUBMISSION_PORT) && listens(Server.SMTPS_PORT) && listens(Server.POP3_PORT)
                && listens(Server.POP3S_PORT) && providerAnswers());
    }

    /** What the server logged in messages.log since this override was written. */
    String logSinceApplied() throws IOException {
        return logFrom(logOffset);
    }

    /** SMTP, submission, SMTPS, POP3, POP3S, IMAP and IMAPS off (port variables -1); Maildock itself running. */
    static ConfigOverride listenersOff() throws IOException, InterruptedException {
        return apply("zz-e2e-no-listeners.xml", """
                <server>
                  <variable name="smtp.port" value="-1"/>
                  <variable name="submission.port" value="-1"/>
                  <variable name="smtps.port" value="-1"/>
                  <variable name="pop3.port" value="-1"/>
                  <variable name="pop3s.port" value="-1"/>
                  <variable name="imap.port" value="-1"/>
                  <variable name="imaps.port" value="-1"/>
                </server>
                """, offset -> logSays(offset, STARTED, UPDATED) && noneListens() && providerAnswers());
    }

    /** The Maildock application stopped (its EAR "moved away"); other applications keep running. */
    static ConfigOverride maildockStopped() throws IOException, InterruptedException {
        return apply("zz-e2e-maildock-stopped.xml", """
                <server>
                  <enterpriseApplication id="maildock" location="maildock-stopped-by-e2e.ear"/>
                </server>
                """, offset -> logSays(offset, STOPPED) && noneListens());
    }

    private interface Condition {
        boolean holds(long logOffset);
    }

    private static ConfigOverride apply(String name, String xml, Condition applied)
            throws IOException, InterruptedException {
        ConfigOverride override = new ConfigOverride(Server.serverDir().resolve("configDropins/overrides/" + name));
        long offset = Files.size(LOG);
        override.logOffset = offset;
        long start = System.nanoTime();
        Files.writeString(override.file, xml);
        try {
            await(() -> applied.holds(offset), name + " applied");
        } catch (RuntimeException | InterruptedException e) {
            override.close();
            throw e;
        }
        System.out.printf("%s applied after %d ms%n", name, (System.nanoTime() - start) / 1_000_000);
        return override;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        long offset = Files.size(LOG);
        long start = System.nanoTime();
        Files.deleteIfExists(file);
        await(() -> logSays(offset, STARTED, UPDATED) && allListen() && providerAnswers(),
                file.getFileName() + " removed");
        System.out.printf("%s removed, Maildock listening again after %d ms%n", file.getFileName(),
                (System.nanoTime() - start) / 1_000_000);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(what + ": not within " + LIMIT);
    }

    /** Whether messages.log, from {@code offset} on, has one of the messages. */
    private static boolean logSays(long offset, String... messages) {
        try {
            String text = logFrom(offset);
            for (String m : messages) {
                if (text.contains(m)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    private static String logFrom(long offset) throws IOException {
        try (RandomAccessFile log = new RandomAccessFile(LOG.toFile(), "r")) {
            log.seek(offset);
            byte[] tail = new byte[(int) Math.max(0, log.length() - offset)];
            log.readFully(tail);
            return new String(tail, StandardCharsets.UTF_8);
        }
    }

    /** Liberty applies a change in more than one step (activation specs, application restart). */
    private static final int[] MAIL_PORTS = {Server.SMTP_PORT, Server.SUBMISSION_PORT, Server.SMTPS_PORT,
            Server.POP3_PORT, Server.POP3S_PORT, Server.IMAP_PORT, Server.IMAPS_PORT};

    private static boolean noneListens() {
        for (int port : MAIL_PORTS) {
            if (listens(port)) {
                return false;
            }
        }
        return true;
    }

    private static boolean allListen() {
        for (int port : MAIL_PORTS) {
            if (!listens(port)) {
                return false;
            }
        }
        return true;
    }

    static boolean listens(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The in-house application's store can log in: Maildock's gateway is bound and working. */
    private static boolean providerAnswers() {
        try {
            return InHouseApp.call("count", null).containsKey("messages");
        } catch (RuntimeException e) {
            return false;
        }
    }
}
