package dev.maildock.e2e;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Outbound delivery end to end: an account submits on 587, the server looks the MX up in the
 * tests' DNS server and delivers to a real SMTP server (aiosmtpd) on a loopback address; refusals
 * come back as DSNs in the sender's INBOX, read over POP3. The server runs with retry intervals of
 * seconds (liberty/pom.xml, profile e2e).
 */
class OutboundIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @BeforeAll
    static void dns() {
        TestDns.start();
    }

    @Test
    void deliveredToTheMxByteExactWithOneTransactionPerDomain() throws Exception {
        String sender = Accounts.create("out-mx");
        String domain = Outbound.domain("mx");
        try (Sink sink = Sink.start(Outbound.mxOn(domain, Outbound.nextHost()), "--tls")) {
            String a = "alice@" + domain;
            String b = "Bob.Case@" + domain;
            byte[] raw = Outbound.message(sender, a, "via-mx");
            Outbound.submit(sender, sender, raw, a, b);

            List<Sink.Received> got = sink.await(1, WAIT);
            assertEquals(1, got.size(), "one SMTP transaction for both recipients of one domain");
            JsonObject envelope = got.get(0).envelope();
            assertEquals(sender, envelope.getString("mail_from"));
            assertEquals(Set.of(a, b), Set.copyOf(ApiJson.strings(envelope.getJsonArray("rcpt_tos"))),
                    "both recipients, local part case kept");
            assertEquals(Server.HOSTNAME, envelope.getString("helo"), "EHLO with maildock.hostname");
            assertTrue(envelope.getBoolean("tls"), "opportunistic STARTTLS was used");
            assertTrue(ApiJson.strings(envelope.getJsonArray("mail_options")).contains("SIZE=" + got.get(0).message().length),
                    "SIZE declared: " + envelope);
            byte[] stored = got.get(0).message();
            byte[] tail = Arrays.copyOfRange(stored, stored.length - raw.length, stored.length);
            assertArrayEquals(raw, tail, "the message arrives as submitted after Maildock's Received field");
            assertTrue(got.get(0).text().startsWith("Received: from "), got.get(0).text());
            Outbound.awaitQueueEmptyFor(a, WAIT);
        }
    }

    @Test
    void aMessageTooLargeToBeHandedOverInMemoryIsStreamedFromTheStoreByteExact() throws Exception {
        // Up to 64 KiB the worker sends the copy the queueing transaction held; above, it reads the
        // message back from the database in 64 KiB chunks. Both must send the submitted octets.
        String sender = Accounts.create("out-large");
        String domain = Outbound.domain("large");
        try (Sink sink = Sink.start(Outbound.mxOn(domain, Outbound.nextHost()))) {
            String to = "lars@" + domain;
            StringBuilder body = new StringBuilder();
            for (int i = 0; body.length() < 200 * 1024; i++) {
                body.append("line ").append(i).append(" of a message larger than three chunks\r\n");
            }
            byte[] raw = ("From: <" + sender + ">\r\nTo: <" + to + ">\r\nSubject: large\r\nMessage-ID: <"
                    + System.nanoTime() + ".large@e2e.test>\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII);
            Outbound.submit(sender, sender, raw, to);

            byte[] stored = sink.await(1, WAIT).get(0).message();
            assertTrue(stored.length > raw.length, "Maildock's Received field in front: " + stored.length);
            assertArrayEquals(raw, Arrays.copyOfRange(stored, stored.length - raw.length, stored.length),
                    "the 200 KiB message arrives as submitted");
            Outbound.awaitQueueEmptyFor(to, WAIT);
        }
    }

    @Test
    void anInHouseApplicationSendingThroughTheProviderReachesTheRemoteMx() throws Exception {
        InHouseApp.ensureAccount();
        String domain = Outbound.domain("inhouse");
        try (Sink sink = Sink.start(Outbound.mxOn(domain, Outbound.nextHost()))) {
            String to = "partner@" + domain;
            Map<String, String> sent = InHouseApp.call("send", "For the partner\r\n", "to", to,
                    "subject", "provider-outbound");
            assertEquals(to, sent.get("queued"), "the provider put the remote recipient in the queue: " + sent);

            List<Sink.Received> got = sink.await(1, WAIT);
            assertEquals(1, got.size());
            assertEquals(InHouseApp.ACCOUNT, got.get(0).envelope().getString("mail_from"));
            assertTrue(got.get(0).text().contains("Subject: provider-outbound"), got.get(0).text());
            assertTrue(got.get(0).text().contains("For the partner"), got.get(0).text());
            Outbound.awaitQueueEmptyFor(to, WAIT);
        }
    }

    @Test
    void theFirstMxRefusingTheSecondTakesIt() throws Exception {
        String sender = Accounts.create("out-second");
        String domain = Outbound.domain("second");
        String dead = Outbound.nextHost();
        String alive = Outbound.nextHost();
        TestDns.mx(domain, 10, "mx1." + domain);
        TestDns.a("mx1." + domain, dead);
        TestDns.mx(domain, 20, "mx2." + domain);
        TestDns.a("mx2." + domain, alive);
        try (Sink sink = Sink.start(alive)) {
            String to = "carol@" + domain;
            Outbound.submit(sender, sender, Outbound.message(sender, to, "second-mx"), to);
            assertEquals(1, sink.await(1, WAIT).size(), "delivered to the second MX");
            Outbound.awaitQueueEmptyFor(to, WAIT);
        }
    }

    /**
     * Postfix's connection cache: the next message for a host goes on the connection the last one
     * ended on. The sink drops each connection silently after its second transaction; the third
     * message then finds the kept connection dead and must go on a new one at once, not wait for
     * a retry (set to 10 minutes here, so a deferral would not arrive in time).
     */
    @Test
    void messagesForOneHostReuseAKeptConnectionAndADroppedOneIsReplacedAtOnce() throws Exception {
        String sender = Accounts.create("out-reuse");
        String domain = Outbound.domain("reuse");
        try (Sink sink = Sink.start(Outbound.mxOn(domain, Outbound.nextHost()), "--tls", "--close-after", "2");
             VariableOverride ignored = VariableOverride.set("reuse-it", Map.of(
                     "maildock.queue.retry.initial", "10m", "maildock.queue.retry.max", "10m"))) {
            for (int n = 1; n <= 3; n++) {
                String to = "reuse" + n + "@" + domain;
                Outbound.submit(sender, sender, Outbound.message(sender, to, "reuse-" + n), to);
                assertEquals(n, sink.await(n, WAIT).size(), "message " + n + " delivered without a retry");
            }
            List<Integer> connections = sink.received().stream().map(r -> r.envelope().getInt("connection")).toList();
            assertEquals(List.of(1, 1, 2), connections,
                    "the second message on the first one's connection, the third on a new one after the peer dropped it");
            assertTrue(sink.received().stream().allMatch(r -> r.envelope().getBoolean("tls")),
                    "a kept connection keeps its TLS");
            Outbound.awaitQueueEmptyFor("reuse3@" + domain, WAIT);
        }
    }

    @Test
    void aTemporaryRefusalIsRetriedAndThenDelivered() throws Exception {
        String sender = Accounts.create("out-4xx");
        String domain = Outbound.domain("later");
        try (Sink sink = Sink.start(Outbound.mxOn(domain, Outbound.nextHost()))) {
            String to = "deferonce@" + domain;
            Outbound.submit(sender, sender, Outbound.message(sender, to, "deferred-once"), to);
            List<Sink.Received> got = sink.await(1, WAIT);
            assertEquals(1, got.size(), "delivered on a later attempt");
            assertEquals(List.of(to, to), sink.rcptLog(), "tried twice: 451, then 250");
            Outbound.awaitQueueEmptyFor(to, WAIT);
            assertEquals(0, Pop3Client.messages(sender, Accounts.PASSWORD).size(), "no notice for mail that got through");
        }
    }

    @Test
    void aPermanentRefusalReturnsADsnToTheSendersInbox() throws Exception {
        String sender = Accounts.create("out-5xx");
        String domain = Outbound.domain("bounce");
        try (Sink sink = Sink.start(Outbound.mxOn(domain, Outbound.nextHost()))) {
            String good = "dave@" + domain;
            String bad = "reject-erin@" + domain;
            Outbound.submit(sender, sender, Outbound.message(sender, bad, "bounced"), good, bad);

            List<byte[]> inbox = Outbound.inbox(sender, 1, WAIT);
            assertEquals(1, inbox.size(), "one DSN");
            String raw = new String(inbox.get(0), StandardCharsets.US_ASCII);
            assertTrue(raw.startsWith("Return-Path: <>\r\n"), "a DSN has the null reverse path: " + raw);
            Outbound.Dsn dsn = Outbound.Dsn.parse(inbox.get(0));
            assertEquals("Mail Delivery System <MAILER-DAEMON@" + Server.HOSTNAME + ">", dsn.message().getHeader("From", null));
            assertEquals("auto-replied", dsn.message().getHeader("Auto-Submitted", null));
            assertTrue(dsn.notification().contains("<" + bad + ">: 550 5.1.1"), dsn.notification());
            assertTrue(dsn.status().contains("Reporting-MTA: dns; " + Server.HOSTNAME + "\r\n"), dsn.status());
            assertTrue(dsn.status().contains("Final-Recipient: rfc822; " + bad + "\r\nAction: failed\r\nStatus: 5.1.1\r\n"
                    + "Remote-MTA: dns; mx." + domain + "\r\nDiagnostic-Code: smtp; 550 5.1.1"), dsn.status());
            assertFalse(dsn.status().contains(good), "only the failed recipient is reported");
            assertTrue(dsn.headers().contains("Subject: bounced\r\n"), dsn.headers());
            assertFalse(dsn.headers().contains("Body of"), "headers only, not the body");

            assertEquals(List.of(good), ApiJson.strings(sink.await(1, WAIT).get(0).envelope().getJsonArray("rcpt_tos")));
            Outbound.awaitQueueEmptyFor(bad, WAIT);
        }
    }

    @Test
    void aRemoteReplyCannotInjectHeadersOrPartsIntoTheDsn() throws Exception {
        String sender = Accounts.create("out-inject");
        String domain = Outbound.domain("inject");
        try (Sink sink = Sink.start(Outbound.mxOn(domain, Outbound.nextHost()))) {
            String to = "inject@" + domain;
            Outbound.submit(sender, sender, Outbound.message(sender, to, "injection"), to);
            List<byte[]> inbox = Outbound.inbox(sender, 1, WAIT);
            assertEquals(1, inbox.size());
            Outbound.Dsn dsn = Outbound.Dsn.parse(inbox.get(0));
            assertEquals(null, dsn.message().getHeader("X-Injected"), "no header from the reply");
            assertEquals("Undelivered Mail Returned to Sender", dsn.message().getSubject());
            assertTrue(dsn.status().contains("550-5.7.1 refused 550-Subject: injected 550-X-Injected: yes"), dsn.status());
            assertTrue(dsn.status().contains("Status: 5.7.1\r\n"), dsn.status());
        }
    }

    @Test
    void aMessageLargerThanThePeersSizeIsNotSentAndBounces() throws Exception {
        String sender = Accounts.create("out-size");
        String domain = Outbound.domain("size");
        try (Sink sink = Sink.start(Outbound.mxOn(domain, Outbound.nextHost()), "--size-limit", "200")) {
            String to = "mia@" + domain;
            Outbound.submit(sender, sender, Outbound.message(sender, to, "too-big-for-the-peer"), to);
            Outbound.Dsn dsn = Outbound.Dsn.parse(Outbound.inbox(sender, 1, WAIT).get(0));
            assertTrue(dsn.status().contains("Status: 5.3.4\r\n"), dsn.status());
            assertTrue(dsn.status().contains("exceeds the SIZE 200"), dsn.status());
            assertEquals(List.of(), sink.rcptLog(), "not even a RCPT: the peer's SIZE said no");
        }
    }

    @Test
    void aNullMxFailsAtOnce() throws Exception {
        String sender = Accounts.create("out-nullmx");
        String domain = Outbound.domain("nullmx");
        TestDns.nullMx(domain);
        String to = "frank@" + domain;
        Outbound.submit(sender, sender, Outbound.message(sender, to, "null-mx"), to);
        List<byte[]> inbox = Outbound.inbox(sender, 1, WAIT);
        assertEquals(1, inbox.size(), "a DSN without waiting for retries");
        Outbound.Dsn dsn = Outbound.Dsn.parse(inbox.get(0));
        assertTrue(dsn.status().contains("Status: 5.1.10\r\n"), dsn.status());
        assertTrue(dsn.status().contains("null MX"), dsn.status());
    }

    @Test
    void aDomainThatDoesNotExistFailsAtOnce() throws Exception {
        String sender = Accounts.create("out-nxdomain");
        String to = "gina@" + Outbound.domain("nowhere");
        Outbound.submit(sender, sender, Outbound.message(sender, to, "nxdomain"), to);
        Outbound.Dsn dsn = Outbound.Dsn.parse(Outbound.inbox(sender, 1, WAIT).get(0));
        assertTrue(dsn.status().contains("Status: 5.1.2\r\n"), dsn.status());
    }

    @Test
    void aFailureForTheNullSenderSendsNoDsn() throws Exception {
        String sender = Accounts.create("out-null-sender");
        String domain = Outbound.domain("nullsender");
        try (Sink sink = Sink.start(Outbound.mxOn(domain, Outbound.nextHost()))) {
            String to = "reject-henry@" + domain;
            Outbound.submit(sender, "", Outbound.message(sender, to, "null-sender"), to);
            Outbound.awaitQueueEmptyFor(to, WAIT);
            assertEquals(List.of(to), sink.rcptLog(), "tried once, refused");
            assertTrue(serverLog().contains("MAILDOCK0810I"), "the dropped notice is logged");
            Thread.sleep(1000);
            assertEquals(0, Pop3Client.messages(sender, Accounts.PASSWORD).size(), "no DSN anywhere near the sender");
        }
    }

    @Test
    void expiryAfterTheQueueLifetimeReturnsADelayNoticeThenADsn() throws Exception {
        String sender = Accounts.create("out-expiry");
        String domain = Outbound.domain("expiry");
        Outbound.mxOn(domain, Outbound.nextHost()); // nothing listens there: connection refused, every time
        String to = "ivan@" + domain;
        // The run's lifetime (5 min) made short for this test, set while the server runs.
        try (VariableOverride ignored = VariableOverride.set("expiry-it", Map.of("maildock.queue.lifetime", "25s"))) {
            expire(sender, to);
        }
    }

    private static void expire(String sender, String to) throws Exception {
        Outbound.submit(sender, sender, Outbound.message(sender, to, "expiring"), to);

        List<JsonObject> queued = Outbound.queueEntriesFor(to);
        assertEquals(1, queued.size(), "queued");
        List<byte[]> inbox = Outbound.inbox(sender, 1, Duration.ofSeconds(40));
        assertEquals(1, inbox.size(), "the delay notice after maildock.queue.delayWarning (10 s here)");
        Outbound.Dsn delay = Outbound.Dsn.parse(inbox.get(0));
        assertEquals("Delayed Mail (still being retried)", delay.message().getSubject());
        assertTrue(delay.status().contains("Action: delayed\r\nStatus: 4.4.1\r\n"), delay.status());
        assertTrue(delay.status().contains("Will-Retry-Until: "), delay.status());

        JsonObject entry = Outbound.queueEntriesFor(to).get(0);
        JsonObject recipient = entry.getJsonArray("recipients").getJsonObject(0);
        assertEquals("QUEUED", recipient.getString("status"));
        assertTrue(recipient.getInt("attempts") >= 2, entry.toString());
        assertTrue(recipient.getString("lastReply").contains("Connection refused"), entry.toString());
        assertTrue(entry.containsKey("nextAttempt"), entry.toString());

        inbox = Outbound.inbox(sender, 2, Duration.ofSeconds(60));
        assertEquals(2, inbox.size(), "then the failure after maildock.queue.lifetime (25 s here)");
        Outbound.Dsn failure = Outbound.Dsn.parse(inbox.get(1));
        assertEquals("Undelivered Mail Returned to Sender", failure.message().getSubject());
        assertTrue(failure.status().contains("Action: failed\r\nStatus: 4.4.7\r\n"), failure.status());
        Outbound.awaitQueueEmptyFor(to, WAIT);
    }

    @Test
    void theQueueApiRetriesAndDeletesWithADsn() throws Exception {
        String sender = Accounts.create("out-admin");
        String domain = Outbound.domain("admin");
        String to = "defer-judy@" + domain;
        try (Sink sink = Sink.start(Outbound.mxOn(domain, Outbound.nextHost()))) {
            Outbound.submit(sender, sender, Outbound.message(sender, to, "admin-api"), to);
            long deadline = System.nanoTime() + WAIT.toNanos();
            JsonObject entry;
            do {
                Thread.sleep(200);
                entry = Outbound.queueEntriesFor(to).get(0);
            } while (entry.getInt("attempts") < 1 && System.nanoTime() < deadline);
            assertEquals(sender, entry.getString("sender"));
            JsonObject r = entry.getJsonArray("recipients").getJsonObject(0);
            assertEquals("QUEUED", r.getString("status"));
            assertTrue(r.getString("lastReply").startsWith("451 4.2.1"), r.toString());
            long id = entry.getJsonNumber("id").longValue();

            int before = sink.rcptLog().size();
            HttpResponse<String> retry = Server.admin("POST", "/queue/" + id + "/retry", null);
            assertEquals(200, retry.statusCode(), retry.body());
            long until = System.nanoTime() + WAIT.toNanos();
            while (sink.rcptLog().size() <= before && System.nanoTime() < until) {
                Thread.sleep(100);
            }
            assertTrue(sink.rcptLog().size() > before, "retried at once");

            assertEquals(404, Server.admin("DELETE", "/queue/99999999", null).statusCode());
            assertEquals(204, Server.admin("DELETE", "/queue/" + id + "?dsn=true", null).statusCode());
            assertEquals(List.of(), Outbound.queueEntriesFor(to));
            Outbound.Dsn dsn = Outbound.Dsn.parse(Outbound.inbox(sender, 1, WAIT).get(0));
            assertTrue(dsn.status().contains("Final-Recipient: rfc822; " + to), dsn.status());
            assertTrue(dsn.notification().contains("deleted from the queue by the administrator"), dsn.notification());
        }
        assertEquals(401, Server.send(HttpRequest.newBuilder(Server.api("/queue")).GET()).statusCode());
    }

    private static String serverLog() throws IOException {
        return Files.readString(Path.of(System.getProperty("e2e.wlp.home"), "usr", "servers",
                System.getProperty("e2e.server.name"), "logs", "messages.log"));
    }
}
