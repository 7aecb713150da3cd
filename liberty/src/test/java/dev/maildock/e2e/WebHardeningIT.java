package dev.maildock.e2e;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.maildock.e2e.Server.admin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The web side against hostile requests (hardening issue #22): malformed credentials, deep JSON,
 * crafted URLs and a forged Host header get a plain 4xx, and none of them writes a stack trace
 * to the server's log; HTTPS answers carry HSTS, and the session cookie is Secure.
 */
class WebHardeningIT {

    private static final Path LOG = Server.serverDir().resolve("logs/messages.log");
    private static final Path FFDC = Server.serverDir().resolve("logs/ffdc");
    private static final int HTTPS_PORT = Integer.getInteger("e2e.https.port");

    /**
     * Answered 401 on every path (was 500), and a flood of them leaves the log and the FFDC folder
     * as they were (each wrote a stack trace: Liberty's audit code decoded the header again).
     */
    @Test
    void malformedBasicCredentialsAre401() throws Exception {
        long logBefore = Files.size(LOG);
        long ffdcBefore = ffdcFiles();
        String noColon = "Basic " + Base64.getEncoder().encodeToString("admin".getBytes(StandardCharsets.UTF_8));
        List<String> headers = List.of("Basic !!!", noColon, "Basic", "Basic ", "basic ====", "Basic YQ");
        List<String> paths = List.of("/api/admin/domains", "/", "/login.xhtml", "/mail/index.xhtml", "/admin/index.xhtml");
        for (String header : headers) {
            for (String path : paths) {
                HttpResponse<String> r = Server.send(HttpRequest.newBuilder(http(path)).header("Authorization", header).GET());
                assertEquals(401, r.statusCode(), header + " on " + path + ": " + r.body());
                assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"), header + " on " + path);
                assertFalse(r.body().contains("Exception"), r.body());
            }
        }
        for (int i = 0; i < 200; i++) {
            String path = paths.get(i % paths.size());
            assertEquals(401, Server.send(HttpRequest.newBuilder(http(path)).header("Authorization", headers.get(i % headers.size()))
                    .GET()).statusCode(), path);
        }
        String log = logSince(logBefore);
        assertTrue(log.length() < 2048 && !log.contains("Exception"), log.length() + " bytes of log: " + log);
        assertEquals(ffdcBefore, ffdcFiles(), "no FFDC report");
        // Well-formed credentials still work, and wrong ones are still a plain 401.
        assertEquals(200, admin("GET", "/domains", null).statusCode());
        assertEquals(401, Server.send(HttpRequest.newBuilder(http("/api/admin/domains"))
                .header("Authorization", Server.basic("admin", "wrong")).GET()).statusCode());
    }

    @Test
    void deeplyNestedJsonIsA400NamingTheProblem() {
        String deep = "[".repeat(1000) + "]".repeat(1000);
        for (String body : List.of(deep, "{\"name\":" + deep + "}", "{\"name\":" + "[".repeat(20) + "]".repeat(20) + "}")) {
            HttpResponse<String> r = admin("POST", "/domains", body);
            assertEquals(400, r.statusCode(), r.body());
            String error = ApiJson.object(r.body()).getString("error");
            assertTrue(error.startsWith("body:") && error.contains("nested"), error);
        }
    }

    @Test
    void craftedUrlsAre400WithoutAStackTraceInTheLog() throws Exception {
        long logBefore = Files.size(LOG);
        long ffdcBefore = ffdcFiles();
        for (String path : List.of("/login.xhtml%2f", "/%2e%2e/%2e%2e/etc/passwd", "/%2E%2E%2F", "/resources%5ccss/maildock.css",
                "/index.xhtml%23x", "/mail%2findex.xhtml", "/api%5cadmin/domains", "/api/admin/aliases/a%2fb@e2e.test")) {
            String answer = rawRequest("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            // A protected path is answered by authentication first (302 to the login page, 401).
            boolean protectedPath = path.startsWith("/mail") || path.startsWith("/api");
            assertTrue(answer.startsWith("HTTP/1.1 400") || protectedPath && answer.matches("(?s)HTTP/1.1 (302|401) .*"),
                    path + " -> " + answer);
            assertFalse(answer.contains("Exception"), answer);
        }
        String log = logSince(logBefore);
        assertFalse(log.contains("SRVE0315E") || log.contains("Exception"), log);
        assertEquals(ffdcBefore, ffdcFiles(), "no FFDC report");
    }

    @Test
    void redirectsIgnoreAForgedHostHeader() throws Exception {
        for (String path : List.of("/mail/index.xhtml", "/admin/index.xhtml", "/mail/read.xhtml?id=1")) {
            String answer = rawRequest("GET " + path + " HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n");
            assertTrue(answer.startsWith("HTTP/1.1 302"), answer);
            String location = answer.lines().filter(l -> l.regionMatches(true, 0, "Location:", 0, 9))
                    .findFirst().orElseThrow(() -> new AssertionError(answer)).substring(9).trim();
            assertFalse(location.contains("evil.example"), location);
            assertTrue(location.startsWith("/login.xhtml"), location);
        }
    }

    @Test
    void httpsAnswersCarryHstsAndTheSessionCookieIsSecure() throws Exception {
        HttpClient tls = HttpClient.newBuilder().sslContext(Server.trustAllTls()).connectTimeout(Duration.ofSeconds(5)).build();
        URI login = URI.create("https://127.0.0.1:" + HTTPS_PORT + "/login.xhtml");
        HttpResponse<String> overTls = tls.send(HttpRequest.newBuilder(login).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, overTls.statusCode());
        assertTrue(overTls.headers().firstValue("Strict-Transport-Security").orElse("").startsWith("max-age="),
                overTls.headers().toString());
        String cookie = sessionCookie(overTls);
        assertTrue(cookie.contains("Secure") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
        HttpResponse<String> plain = Server.send(HttpRequest.newBuilder(http("/login.xhtml")).GET());
        assertTrue(plain.headers().firstValue("Strict-Transport-Security").isEmpty(), "no HSTS over plain HTTP (RFC 6797 7.2)");
        // Secure over plain HTTP too: a browser keeps it from its own host only, so the cookie never crosses a network in clear.
        assertTrue(sessionCookie(plain).contains("Secure"), sessionCookie(plain));
        assertFalse(plain.body().contains("id=\"useHttps\""), "no warning for a visitor on the server's own host");
    }

    /** Over plain HTTP from another host the sign-in could not stick (the cookie is Secure): the page says to use HTTPS. */
    @Test
    void theLoginPageOverPlainHttpFromAnotherHostSaysToUseHttps() throws Exception {
        String answer = rawRequest("GET /login.xhtml HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
                new InetSocketAddress("127.0.0.2", 0));
        assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
        assertTrue(answer.contains("id=\"useHttps\""), answer);
    }

    @Test
    void httpsOnlyFalseLetsTheSessionCookieTravelOverPlainHttp() throws Exception {
        try (VariableOverride plainToo = VariableOverride.set("plain-http", Map.of("maildock.web.httpsOnly", "false"))) {
            String cookie = awaitSessionCookie(http("/login.xhtml"), false);
            assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
        }
        // The change restarts the application: wait until it answers as before, for the other tests.
        awaitSessionCookie(http("/login.xhtml"), true);
        Server.awaitReady(Duration.ofSeconds(60));
    }

    /** The session cookie of the login page once its Secure flag is as wanted (a configuration change applies in the background). */
    private static String awaitSessionCookie(URI login, boolean secure) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = Server.send(HttpRequest.newBuilder(login).GET());
            String cookie = r.statusCode() == 200 ? sessionCookie(r) : "";
            if (!cookie.isEmpty() && cookie.contains("Secure") == secure) {
                return cookie;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no session cookie with Secure " + secure + " within 60 s");
    }

    private static String sessionCookie(HttpResponse<?> r) {
        return r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID=")).findFirst().orElse("");
    }

    private static URI http(String path) {
        return URI.create("http://127.0.0.1:" + Server.HTTP_PORT + path);
    }

    /** A request written byte for byte: HttpClient neither sends a chosen Host nor undecoded escapes as given. */
    private static String rawRequest(String request) throws IOException {
        return rawRequest(request, null);
    }

    /** As {@link #rawRequest(String)}, from {@code from} (another loopback address plays another host). */
    private static String rawRequest(String request, InetSocketAddress from) throws IOException {
        try (Socket s = new Socket()) {
            if (from != null) {
                s.bind(from);
            }
            s.connect(new InetSocketAddress("127.0.0.1", Server.HTTP_PORT), 10_000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** What messages.log gained since the offset. */
    private static String logSince(long offset) throws IOException {
        try (RandomAccessFile log = new RandomAccessFile(LOG.toFile(), "r")) {
            log.seek(offset);
            byte[] tail = new byte[(int) Math.max(0, log.length() - offset)];
            log.readFully(tail);
            return new String(tail, StandardCharsets.UTF_8);
        }
    }

    private static long ffdcFiles() throws IOException {
        if (!Files.isDirectory(FFDC)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(FFDC)) {
            return files.count();
        }
    }
}
