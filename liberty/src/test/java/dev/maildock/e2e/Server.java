package dev.maildock.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The Maildock server the build started for this module (liberty-maven-plugin, free ports), as
 * the tests reach it from outside: HTTP, raw sockets, and its own start/stop scripts.
 */
final class Server {

    static final int HTTP_PORT = Integer.getInteger("e2e.http.port");
    static final int SMTP_PORT = Integer.getInteger("e2e.smtp.port");
    static final int SUBMISSION_PORT = Integer.getInteger("e2e.submission.port");
    static final int SMTPS_PORT = Integer.getInteger("e2e.smtps.port");
    static final int POP3_PORT = Integer.getInteger("e2e.pop3.port");
    static final int POP3S_PORT = Integer.getInteger("e2e.pop3s.port");
    static final int IMAP_PORT = Integer.getInteger("e2e.imap.port");
    static final int IMAPS_PORT = Integer.getInteger("e2e.imaps.port");
    static final String ADMIN_PASSWORD = System.getProperty("e2e.admin.password");
    static final String HOSTNAME = System.getProperty("e2e.hostname");
    /** Seconds of silence before the server closes an SMTP or POP3 session (both set alike). */
    static final int IDLE_TIMEOUT = Integer.parseInt(System.getProperty("e2e.idle.timeout", "300"));
    static final String LOCAL_DOMAIN = "e2e.test";

    private static final Path WLP = Path.of(System.getProperty("e2e.wlp.home"));
    private static final String SERVER_NAME = System.getProperty("e2e.server.name");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Server() {
    }

    static URI api(String path) {
        return URI.create("http://127.0.0.1:" + HTTP_PORT + "/api/admin" + path);
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A request as the admin. */
    static HttpResponse<String> admin(String method, String path, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(api(path)).header("Authorization", basic("admin", ADMIN_PASSWORD));
        if (json == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        return send(b);
    }

    /** The server's folder (configDropins, logs). */
    static Path serverDir() {
        return WLP.resolve("usr/servers/" + SERVER_NAME);
    }

    /** Runs wlp/bin/server ACTION for this server and returns how long it took. */
    static Duration control(String action) throws IOException, InterruptedException {
        return control(SERVER_NAME, action);
    }

    /** Runs wlp/bin/server ACTION for the named server of the same Liberty (e.g. a second node). */
    static Duration control(String serverName, String action) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process p = new ProcessBuilder(WLP.resolve("bin/server").toString(), action, serverName)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("server " + action + " did not finish in 120 s");
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("server " + action + " exited with " + p.exitValue());
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /**
     * SIGKILLs the server's JVM (no shutdown hooks, no orderly stop) and waits until it is gone.
     * The pid comes from the file {@code server start} writes, checked against the process's
     * command line; returns the pid.
     */
    static long kill() throws IOException, InterruptedException {
        Path pidFile = WLP.resolve("usr/servers/.pid/" + SERVER_NAME + ".pid");
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        ProcessHandle jvm = ProcessHandle.of(pid)
                .orElseThrow(() -> new IllegalStateException("no process " + pid + " (from " + pidFile + ")"));
        String commandLine = jvm.info().commandLine().orElse("");
        if (!commandLine.contains("ws-server.jar") || !commandLine.contains(SERVER_NAME)) {
            throw new IllegalStateException("process " + pid + " is not the Liberty server " + SERVER_NAME + ": " + commandLine);
        }
        if (!jvm.destroyForcibly()) {
            throw new IllegalStateException("could not kill " + pid);
        }
        try {
            jvm.onExit().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("server process " + pid + " did not end after SIGKILL", e);
        }
        return pid;
    }

    /** Waits until the admin API answers and the SMTP port greets; returns how long that took. */
    static Duration awaitReady(Duration limit) throws InterruptedException {
        return awaitReady(HTTP_PORT, SMTP_PORT, limit);
    }

    /** {@link #awaitReady(Duration)} for a server on other ports (e.g. a second node). */
    static Duration awaitReady(int httpPort, int smtpPort, Duration limit) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (apiAnswers(httpPort) && smtpGreets(smtpPort)) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("server not ready within " + limit);
    }

    private static boolean apiAnswers(int httpPort) {
        try {
            URI domains = URI.create("http://127.0.0.1:" + httpPort + "/api/admin/domains");
            return HTTP.send(HttpRequest.newBuilder(domains).timeout(Duration.ofSeconds(2))
                    .header("Authorization", basic("admin", ADMIN_PASSWORD)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean smtpGreets(int smtpPort) {
        try (Socket s = new Socket("127.0.0.1", smtpPort)) {
            s.setSoTimeout(2000);
            return new String(s.getInputStream().readNBytes(3), StandardCharsets.US_ASCII).equals("220");
        } catch (IOException e) {
            return false;
        }
    }

    /** A TLS context that trusts every certificate: the test server's is Liberty's self-signed default. */
    static SSLContext trustAllTls() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
