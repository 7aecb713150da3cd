package dev.maildock.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Server variables changed while the server runs: a file in configDropins/overrides, applied when
 * the server logs CWWKG0017I (configuration updated), removed again by {@link #close()}.
 */
final class VariableOverride implements AutoCloseable {

    private static final Path SERVER = Path.of(System.getProperty("e2e.wlp.home"), "usr", "servers",
            System.getProperty("e2e.server.name"));

    private final Path file;

    private VariableOverride(Path file) {
        this.file = file;
    }

    /** Sets the variables (name → value) and waits until the server has applied them. */
    static VariableOverride set(String name, Map<String, String> variables) throws IOException, InterruptedException {
        // Override files apply in name order and the build's own (liberty-plugin-variable-config.xml)
        // sets the run's values: a test's file must sort after it to win.
        Path file = SERVER.resolve("configDropins/overrides/zz-" + name + ".xml");
        StringBuilder xml = new StringBuilder("<server>\n");
        variables.forEach((k, v) -> xml.append("  <variable name=\"").append(k).append("\" value=\"").append(v).append("\"/>\n"));
        xml.append("</server>\n");
        int before = updates();
        Files.createDirectories(file.getParent());
        Files.writeString(file, xml);
        try {
            awaitUpdate(before);
        } catch (AssertionError e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return new VariableOverride(file);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        int before = updates();
        Files.deleteIfExists(file);
        awaitUpdate(before);
    }

    private static void awaitUpdate(int before) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (updates() <= before) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the server did not apply the configuration change");
            }
            Thread.sleep(200);
        }
    }

    /** How often the server has logged CWWKG0017I. */
    private static int updates() throws IOException {
        String text = Files.readString(SERVER.resolve("logs/messages.log"));
        int n = 0;
        for (int i = text.indexOf("CWWKG0017I"); i >= 0; i = text.indexOf("CWWKG0017I", i + 1)) {
            n++;
        }
        return n;
    }
}
