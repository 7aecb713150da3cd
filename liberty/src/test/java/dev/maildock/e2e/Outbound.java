package dev.maildock.e2e;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Helpers of the outbound tests: submission over 587, unique remote domains and hosts, the queue API. */
final class Outbound {

    private static final AtomicInteger HOSTS = new AtomicInteger(20);

    private Outbound() {
    }

    /** A loopback address no other test of this run uses (127.0.0.21, .22, ...): one remote host. */
    static String nextHost() {
        return "127.0.0." + HOSTS.incrementAndGet();
    }

    /** A new domain under the test DNS zone. */
    static String domain(String label) {
        return label + "-" + System.nanoTime() % 1_000_000_000L + "." + TestDns.ZONE;
    }

    /** A domain whose one MX is a new sink host; returns the host address. */
    static String mxOn(String domain, String host) {
        TestDns.mx(domain, 10, "mx." + domain);
        TestDns.a("mx." + domain, host);
        return host;
    }

    static byte[] message(String from, String to, String subject) {
        return ("From: <" + from + ">\r\nTo: <" + to + ">\r\nSubject: " + subject + "\r\nMessage-ID: <" + System.nanoTime()
                + "." + subject + "@e2e.test>\r\n\r\nBody of " + subject + "\r\n.leading dot line\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** Submits on 587 (STARTTLS, AUTH as {@code user}) with envelope sender {@code from} ("" for {@code <>}). */
    static void submit(String user, String from, byte[] raw, String... to) throws Exception {
        submit(new Properties(), user, from, raw, to);
    }

    /** {@link #submit(String, String, byte[], String...)} with more Angus session properties (e.g. mail.smtp.mailextension). */
    static void submit(Properties extra, String user, String from, byte[] raw, String... to) throws Exception {
        Properties p = new Properties();
        p.put("mail.smtp.host", "127.0.0.1");
        p.put("mail.smtp.port", String.valueOf(Server.SUBMISSION_PORT));
        p.put("mail.smtp.localhost", "client.e2e.test");
        p.put("mail.smtp.ssl.trust", "*");
        p.put("mail.smtp.starttls.enable", "true");
        p.put("mail.smtp.starttls.required", "true");
        p.put("mail.smtp.auth", "true");
        p.put("mail.smtp.timeout", "30000");
        p.put("mail.smtp.from", from.isEmpty() ? "<>" : from);
        p.putAll(extra);
        Session session = Session.getInstance(p);
        MimeMessage message = new MimeMessage(session, new ByteArrayInputStream(raw));
        Address[] recipients = new Address[to.length];
        for (int i = 0; i < to.length; i++) {
            recipients[i] = new InternetAddress(to[i]);
        }
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect(user, Accounts.PASSWORD);
            transport.sendMessage(message, recipients);
        }
    }

    /** The account's maildrop once it holds at least {@code count} messages (or what it has after the limit). */
    static List<byte[]> inbox(String account, int count, Duration limit) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            List<byte[]> all = Pop3Client.messages(account, Accounts.PASSWORD);
            if (all.size() >= count || System.nanoTime() > deadline) {
                return all;
            }
            Thread.sleep(200);
        }
    }

    /** The queue entries (GET /api/admin/queue) whose recipients include {@code address}. */
    static List<JsonObject> queueEntriesFor(String address) {
        HttpResponse<String> r = Server.admin("GET", "/queue", null);
        assertEquals(200, r.statusCode(), r.body());
        JsonArray all = ApiJson.array(r.body());
        return all.getValuesAs(JsonObject.class).stream()
                .filter(e -> e.getJsonArray("recipients").getValuesAs(JsonObject.class).stream()
                        .anyMatch(rc -> rc.getString("address").equals(address)))
                .toList();
    }

    /** Waits until no queue entry names {@code address}. */
    static void awaitQueueEmptyFor(String address, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!queueEntriesFor(address).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still queued after " + limit + ": " + queueEntriesFor(address));
            }
            Thread.sleep(200);
        }
    }

    /** A DSN's three parts as text: notification, message/delivery-status, text/rfc822-headers. */
    record Dsn(MimeMessage message, String notification, String status, String headers) {

        static Dsn parse(byte[] raw) throws Exception {
            MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
            if (!m.isMimeType("multipart/report")) {
                throw new AssertionError("not a multipart/report: " + m.getContentType());
            }
            MimeMultipart parts = (MimeMultipart) m.getContent();
            assertEquals(3, parts.getCount(), "parts of the DSN");
            assertEquals("delivery-status", new ContentType(m.getContentType()).getParameter("report-type"));
            // Unfolded (RFC 5322 section 2.2.3), so a long field reads as one line.
            return new Dsn(m, text(parts, 0, "text/plain").replace("\r\n ", " "),
                    text(parts, 1, "message/delivery-status").replace("\r\n ", " "), text(parts, 2, "text/rfc822-headers"));
        }

        private static String text(MimeMultipart parts, int i, String type) throws Exception {
            BodyPart part = parts.getBodyPart(i);
            if (!part.isMimeType(type)) {
                throw new AssertionError("part " + i + " is " + part.getContentType() + ", not " + type);
            }
            return new String(part.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
