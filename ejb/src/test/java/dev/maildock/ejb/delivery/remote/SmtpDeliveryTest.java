package dev.maildock.ejb.delivery.remote;

import dev.maildock.ejb.delivery.ClaimedBatch;
import dev.maildock.ejb.delivery.OutboundSettings;
import dev.maildock.ejb.delivery.RecipientOutcome;
import dev.maildock.ejb.delivery.RecipientOutcome.Result;
import dev.maildock.ejb.delivery.remote.SmtpDelivery.Answered;
import dev.maildock.ejb.delivery.remote.SmtpDelivery.Deferral;
import dev.maildock.ejb.delivery.remote.SmtpDelivery.HostAttempt;
import dev.maildock.ejb.delivery.remote.SmtpDelivery.Stop;
import dev.maildock.ejb.delivery.remote.SmtpDelivery.TryNextHost;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SmtpDeliveryTest {

    private static final byte[] MESSAGE = "Subject: hello\r\n\r\nHello there.\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final ClaimedBatch BATCH = new ClaimedBatch("token", 1, 2, "sender@here.example", MESSAGE.length, false,
            Instant.now(), "there.example",
            List.of(new ClaimedBatch.Recipient(11, "alice@there.example"), new ClaimedBatch.Recipient(12, "bob@there.example")),
            MESSAGE);

    private final List<String> tried = new ArrayList<>();

    private static MailHost host(String name, int port) {
        return new MailHost(name, InetAddress.getLoopbackAddress(), port);
    }

    private static List<MailHost> hosts(String... names) {
        return List.of(names).stream().map(n -> host(n, 25)).toList();
    }

    /** A host loop whose attempts are given by host name. */
    private List<RecipientOutcome> tryInTurn(List<MailHost> hosts, Map<String, HostAttempt> attempts) {
        Function<MailHost, HostAttempt> attempt = host -> {
            tried.add(host.name());
            return attempts.get(host.name());
        };
        return SmtpDelivery.tryInTurn(BATCH, hosts, attempt);
    }

    private static TryNextHost next(String status, String text, String host) {
        return new TryNextHost(new Deferral(status, text, host));
    }

    private static void assertAll(List<RecipientOutcome> outcomes, Result result, String status, String text, String host) {
        assertEquals(List.of(11L, 12L), outcomes.stream().map(RecipientOutcome::recipientId).toList());
        for (RecipientOutcome o : outcomes) {
            assertEquals(new RecipientOutcome(o.recipientId(), result, status, text, host), o);
        }
    }

    @Test
    void aHostThatDoesNotTakeTheMailNowIsSkippedForTheNextInOrderOfPreference() {
        List<RecipientOutcome> delivered = List.of(new RecipientOutcome(11, Result.DELIVERED, "2.0.0", "250 ok", "mx2"),
                new RecipientOutcome(12, Result.FAILED, "5.1.1", "550 5.1.1 no such user", "mx2"));
        List<RecipientOutcome> outcomes = tryInTurn(hosts("mx1", "mx2", "mx3"), Map.of(
                "mx1", next("4.4.1", "connect to mx1: Connection refused", null),
                "mx2", new Answered(delivered)));
        assertEquals(delivered, outcomes);
        assertEquals(List.of("mx1", "mx2"), tried);
    }

    @Test
    void aSessionThatBrokeOffEndsTheAttemptWithoutTryingFurtherHosts() {
        List<RecipientOutcome> outcomes = tryInTurn(hosts("mx1", "mx2"), Map.of(
                "mx1", new Stop(new Deferral("4.4.2", "session with mx1 broke off", "mx1"))));
        assertAll(outcomes, Result.DEFERRED, "4.4.2", "session with mx1 broke off", "mx1");
        assertEquals(List.of("mx1"), tried);
    }

    @Test
    void whenNoHostTakesTheMailTheLastProblemIsKeptWithTheLastHostThatReplied() {
        List<RecipientOutcome> outcomes = tryInTurn(hosts("mx1", "mx2"), Map.of(
                "mx1", next("4.3.2", "421 4.3.2 busy", "mx1"),
                "mx2", next("4.4.1", "connect to mx2: Connection refused", null)));
        assertAll(outcomes, Result.DEFERRED, "4.4.1", "connect to mx2: Connection refused", "mx1");
        assertEquals(List.of("mx1", "mx2"), tried);
    }

    @Test
    void withoutHostsEveryRecipientWaits() {
        assertAll(tryInTurn(List.of(), Map.of()), Result.DEFERRED, "4.4.1", "no host to try", null);
    }

    @Test
    void atMostTenHostsAreTried() {
        String[] names = IntStream.rangeClosed(1, 12).mapToObj(i -> "mx" + i).toArray(String[]::new);
        Map<String, HostAttempt> attempts = new HashMap<>();
        for (String n : names) {
            attempts.put(n, next("4.3.2", "421 " + n + " busy", n));
        }
        assertAll(tryInTurn(hosts(names), attempts), Result.DEFERRED, "4.3.2", "421 mx10 busy", "mx10");
        assertEquals(SmtpDelivery.MAX_HOSTS, tried.size());
    }

    @Test
    void overRealSocketsAnUnreachableHostIsSkippedAndTheNextAnswersForEachRecipient() throws Exception {
        int closedPort;
        try (ServerSocket unused = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = unused.getLocalPort();
        }
        ConnectionCache kept = new ConnectionCache();
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<List<String>> received = CompletableFuture.supplyAsync(() -> peer(listener));
            List<RecipientOutcome> outcomes = SmtpDelivery.deliver(BATCH,
                    List.of(host("mx1.there.example", closedPort), host("mx2.there.example", listener.getLocalPort())),
                    false, OutboundSettings.read("here.example", v -> ""), kept, out -> out.write(MESSAGE));

            assertEquals(List.of(
                    new RecipientOutcome(11, Result.DELIVERED, "2.0.0", "250 2.0.0 queued", "mx2.there.example"),
                    new RecipientOutcome(12, Result.FAILED, "5.1.1", "550 5.1.1 no such user", "mx2.there.example")),
                    outcomes);
            kept.closeAll();
            List<String> lines = received.get(10, TimeUnit.SECONDS);
            assertTrue(lines.containsAll(List.of("MAIL FROM:<sender@here.example>", "RCPT TO:<alice@there.example>",
                    "RCPT TO:<bob@there.example>", "Subject: hello", "Hello there.")), lines.toString());
        }
    }

    /** One SMTP session as a remote MX would hold it: bob is unknown, alice's message is taken. */
    private static List<String> peer(ServerSocket listener) {
        List<String> lines = new ArrayList<>();
        try (Socket s = listener.accept()) {
            s.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = s.getOutputStream();
            reply(out, "220 mx2.there.example ESMTP");
            boolean data = false;
            for (String line; (line = in.readLine()) != null; ) {
                lines.add(line);
                if (data) {
                    if (line.equals(".")) {
                        data = false;
                        reply(out, "250 2.0.0 queued");
                    }
                } else if (line.startsWith("EHLO")) {
                    reply(out, "250-mx2.there.example\r\n250 8BITMIME");
                } else if (line.startsWith("MAIL") || line.startsWith("RCPT TO:<alice")) {
                    reply(out, "250 ok");
                } else if (line.startsWith("RCPT")) {
                    reply(out, "550 5.1.1 no such user");
                } else if (line.equals("DATA")) {
                    data = true;
                    reply(out, "354 go ahead");
                } else if (line.equals("QUIT")) {
                    reply(out, "221 bye");
                    break;
                } else {
                    reply(out, "502 5.5.1 not here");
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return lines;
    }

    private static void reply(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }
}
