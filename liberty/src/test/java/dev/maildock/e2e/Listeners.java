package dev.maildock.e2e;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Turns the running server's SMTP and POP3 listeners off and on again without a server restart:
 * a configDropins/overrides file sets their port variables to -1 (named to sort after the build's
 * variable file, so it wins), Liberty applies it while running and restarts the Maildock
 * application with the new adapter properties. Closing removes the file and waits for SMTP and
 * POP3 to answer again.
 */
final class Listeners implements AutoCloseable {

    private static final Path OVERRIDE = Server.serverDir().resolve("configDropins/overrides/zz-e2e-no-listeners.xml");
    private static final Path LOG = Server.serverDir().resolve("logs/messages.log");
    private static final Duration LIMIT = Duration.ofSeconds(90);

    private Listeners() {
    }

    static Listeners disable() throws IOException, InterruptedException {
        long logOffset = Files.size(LOG);
        Files.writeString(OVERRIDE, """
                <server>
                  <variable name="smtp.port" value="-1"/>
                  <variable name="submission.port" value="-1"/>
                  <variable name="smtps.port" value="-1"/>
                  <variable name="pop3.port" value="-1"/>
                  <variable name="pop3s.port" value="-1"/>
                </server>
                """);
        Listeners listeners = new Listeners();
        long start = System.nanoTime();
        try {
            await(() -> restarted(logOffset) && !listens(Server.SMTP_PORT) && !listens(Server.POP3_PORT)
                    && providerAnswers(), "listeners off");
        } catch (RuntimeException | InterruptedException e) {
            listeners.close();
            throw e;
        }
        System.out.printf("listeners off and Maildock back after %d ms%n", (System.nanoTime() - start) / 1_000_000);
        return listeners;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        long logOffset = Files.size(LOG);
        Files.deleteIfExists(OVERRIDE);
        long start = System.nanoTime();
        await(() -> restarted(logOffset) && listens(Server.SMTP_PORT) && listens(Server.POP3_PORT) && providerAnswers(),
                "listeners on");
        System.out.printf("listeners on again after %d ms%n", (System.nanoTime() - start) / 1_000_000);
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(what + ": not within " + LIMIT);
    }

    /**
     * Whether the log, from {@code offset} on, says the Maildock application finished restarting
     * (the ports alone say too little: they close before the old application has stopped).
     */
    private static boolean restarted(long offset) {
        try (java.io.RandomAccessFile log = new java.io.RandomAccessFile(LOG.toFile(), "r")) {
            log.seek(offset);
            byte[] tail = new byte[(int) Math.max(0, log.length() - offset)];
            log.readFully(tail);
            String text = new String(tail, java.nio.charset.StandardCharsets.UTF_8);
            return text.contains("CWWKZ0003I: The application maildock updated")
                    || text.contains("CWWKZ0001I: Application maildock started");
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean listens(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The Maildock application is started again: the in-house application's store can log in. */
    private static boolean providerAnswers() {
        try {
            return InHouseApp.call("count", null).containsKey("messages");
        } catch (RuntimeException e) {
            return false;
        }
    }
}
