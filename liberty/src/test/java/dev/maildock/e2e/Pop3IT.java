package dev.maildock.e2e;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The POP3 port (RFC 1939, 2449, 2595) over raw sockets against the running server, with mail put
 * into the maildrops through the SMTP port: exact octets, UPDATE only at QUIT, the maildrop lock,
 * stable UIDLs, STLS injection, no user enumeration, line limits.
 */
class Pop3IT {

    private static final String RETURN_PATH = "Return-Path: <" + Mail.SENDER + ">\r\n";

    @Test
    void greetingCarriesAnApopTimestamp() throws IOException {
        try (Pop3Client c = Pop3Client.plain()) {
            assertTrue(c.greeting.matches("\\+OK Maildock POP3 ready <[\\x21-\\x7e]+@" + Server.HOSTNAME.replace(".", "\\.") + ">"),
                    c.greeting);
            assertEquals("+OK Maildock POP3 server signing off", c.command("QUIT"));
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void retrievalIsByteExactWithTraceHeadersInFrontAndListSizesCountUnstuffedOctets() throws IOException {
        String user = Mail.newAccount("pop-exact");
        byte[] sent = Mail.message(user, "exact octets",
                "first line", ".leading dot", "..two dots", ".", " . not at start", "", "last line");
        Mail.deliver(user, sent);

        try (Pop3Client c = Pop3Client.login(user, Mail.PASSWORD)) {
            String stat = c.ok("STAT");
            String listOne = c.ok("LIST 1");
            long size = Long.parseLong(listOne.split(" ")[2]);
            assertEquals("+OK 1 " + size, stat);
            c.ok("LIST");
            assertEquals(List.of("1 " + size), c.multiLine());

            assertEquals("+OK " + size + " octets", c.ok("RETR 1"));
            byte[] wire = c.multiLineBytes();
            byte[] message = Pop3Client.unstuff(wire);
            assertEquals(size, message.length, "LIST/STAT size = octets of the message before byte-stuffing");
            int dotLines = 0;
            for (String line : new String(message, StandardCharsets.US_ASCII).split("\r\n", -1)) {
                if (line.startsWith(".")) {
                    dotLines++;
                }
            }
            assertEquals(3, dotLines);
            assertEquals(size + dotLines, wire.length, "one stuffing dot per line starting with '.'");

            // The stored message is the sent one with Return-Path and Received in front.
            byte[] tail = Arrays.copyOfRange(message, message.length - sent.length, message.length);
            assertArrayEquals(sent, tail, "the message as sent over SMTP ends the retrieved one byte for byte");
            String trace = new String(message, 0, message.length - sent.length, StandardCharsets.US_ASCII);
            assertTrue(trace.startsWith(RETURN_PATH), trace);
            assertTrue(trace.substring(RETURN_PATH.length()).startsWith("Received: from client.example.net"), trace);
            assertTrue(trace.endsWith("\r\n"), trace);
            for (String line : trace.substring(RETURN_PATH.length()).split("\r\n")) {
                assertTrue(line.startsWith("Received: ") || line.startsWith(" ") || line.startsWith("\t"),
                        "only trace header lines are prepended: " + line);
            }
            assertEquals("+OK Maildock POP3 server signing off (1 messages left)", c.command("QUIT"));
        }
    }

    @Test
    void deletionHappensOnlyAtQuitAndRsetUndeletes() throws IOException {
        String user = Mail.newAccount("pop-dele");
        for (int i = 1; i <= 3; i++) {
            Mail.deliver(user, Mail.message(user, "message " + i, "body " + i));
        }
        String uidOfThird;
        try (Pop3Client c = Pop3Client.login(user, Mail.PASSWORD)) {
            uidOfThird = c.ok("UIDL 3").split(" ")[2];
            assertEquals("+OK message 1 deleted", c.command("DELE 1"));
            assertEquals("-ERR message 1 already deleted", c.command("DELE 1"));
            assertEquals("-ERR message 1 already deleted", c.command("RETR 1"));
            assertEquals("-ERR no such message, only 3 messages in maildrop", c.command("RETR 4"));
            assertTrue(c.ok("STAT").startsWith("+OK 2 "));
            c.ok("LIST");
            assertEquals(List.of("2", "3"), c.multiLine().stream().map(l -> l.split(" ")[0]).toList());
            assertTrue(c.ok("RSET").startsWith("+OK maildrop has 3 messages"));
            assertTrue(c.ok("STAT").startsWith("+OK 3 "));
            c.ok("DELE 1");
            c.ok("DELE 2");
            // Another session sees everything until this one QUITs (it cannot log in: the lock).
            assertEquals("+OK Maildock POP3 server signing off (1 messages left)", c.command("QUIT"));
            assertTrue(c.closedByServer());
        }
        try (Pop3Client c = Pop3Client.login(user, Mail.PASSWORD)) {
            assertTrue(c.ok("STAT").startsWith("+OK 1 "));
            assertEquals("+OK 1 " + uidOfThird, c.command("UIDL 1"));
            c.ok("QUIT");
        }
    }

    @Test
    void aDroppedSessionDeletesNothing() throws Exception {
        String user = Mail.newAccount("pop-drop");
        Mail.deliver(user, Mail.message(user, "keep me", "body"));
        Pop3Client dropped = Pop3Client.login(user, Mail.PASSWORD);
        dropped.ok("DELE 1");
        dropped.ok("NOOP");
        dropped.close(); // no QUIT

        try (Pop3Client c = loginWhenLockFree(user)) {
            assertEquals("+OK 1 " + c.ok("LIST 1").split(" ")[2], c.command("STAT"));
            c.ok("QUIT");
        }
    }

    @Test
    void twoSessionsCannotOpenOneMaildrop() throws Exception {
        String user = Mail.newAccount("pop-lock");
        Mail.deliver(user, Mail.message(user, "locked", "body"));
        try (Pop3Client first = Pop3Client.login(user, Mail.PASSWORD)) {
            try (Pop3Client second = Pop3Client.plain()) {
                second.ok("USER " + user);
                String refused = second.command("PASS " + Mail.PASSWORD);
                assertTrue(refused.startsWith("-ERR [IN-USE] "), refused);
                // The session stays in AUTHORIZATION and may try again later.
                assertEquals("-ERR command not valid in this state", second.command("STAT"));
                first.ok("STAT");
                assertEquals("+OK Maildock POP3 server signing off (1 messages left)", first.command("QUIT"));
                second.ok("USER " + user);
                assertTrue(second.ok("PASS " + Mail.PASSWORD).startsWith("+OK maildrop has 1 messages"),
                        "the lock is free after the first session's QUIT");
                second.ok("QUIT");
            }
        }
    }

    @Test
    void topSendsTheHeadersTheBlankLineAndNBodyLines() throws IOException {
        String user = Mail.newAccount("pop-top");
        Mail.deliver(user, Mail.message(user, "top", "one", ".two", "three", "four"));
        try (Pop3Client c = Pop3Client.login(user, Mail.PASSWORD)) {
            c.ok("RETR 1");
            String whole = new String(Pop3Client.unstuff(c.multiLineBytes()), StandardCharsets.US_ASCII);
            int endOfHeaders = whole.indexOf("\r\n\r\n") + 4;
            String headers = whole.substring(0, endOfHeaders);

            c.ok("TOP 1 0");
            assertEquals(headers, new String(Pop3Client.unstuff(c.multiLineBytes()), StandardCharsets.US_ASCII));
            c.ok("TOP 1 2");
            byte[] wire = c.multiLineBytes();
            assertEquals(headers + "one\r\n..two\r\n", new String(wire, StandardCharsets.US_ASCII), "TOP stuffs too");
            c.ok("TOP 1 100");
            assertEquals(whole, new String(Pop3Client.unstuff(c.multiLineBytes()), StandardCharsets.US_ASCII));
            assertTrue(c.command("TOP 1").startsWith("-ERR"));
            assertTrue(c.command("TOP 1 -1").startsWith("-ERR"));
            assertEquals("-ERR no such message, only 1 messages in maildrop", c.command("TOP 2 0"));
            c.ok("QUIT");
        }
    }

    @Test
    void uidlsAreStableAcrossSessionsAndAfterOtherDeletions() throws IOException {
        String user = Mail.newAccount("pop-uidl");
        for (int i = 1; i <= 3; i++) {
            Mail.deliver(user, Mail.message(user, "uidl " + i, "body " + i));
        }
        Map<Integer, String> first = uidls(user);
        assertEquals(3, first.size());
        assertEquals(3, first.values().stream().distinct().count(), "unique");
        for (String uid : first.values()) {
            assertTrue(uid.matches("[\\x21-\\x7e]{1,70}"), "printable ASCII, 1..70 characters: " + uid);
        }
        assertEquals(first, uidls(user), "the same in the next session");

        try (Pop3Client c = Pop3Client.login(user, Mail.PASSWORD)) {
            assertEquals("+OK 2 " + first.get(2), c.command("UIDL 2"));
            c.ok("DELE 1");
            assertEquals("-ERR message 1 already deleted", c.command("UIDL 1"));
            c.ok("QUIT");
        }
        Mail.deliver(user, Mail.message(user, "uidl 4", "body 4"));
        Map<Integer, String> after = uidls(user);
        assertEquals(first.get(2), after.get(1));
        assertEquals(first.get(3), after.get(2));
        assertFalse(first.containsValue(after.get(3)), "a new message never gets an old UIDL");
    }

    @Test
    void commandsPipelinedAfterStlsAreNotExecuted() throws IOException {
        String user = Mail.newAccount("pop-stls");
        try (Pop3Client c = Pop3Client.plain()) {
            c.ok("CAPA");
            List<String> plainCapa = c.multiLine();
            assertTrue(plainCapa.contains("STLS"), plainCapa.toString());
            assertTrue(plainCapa.contains("USER"), plainCapa.toString());
            assertFalse(plainCapa.contains("SASL PLAIN"), "no password mechanism offered in clear: " + plainCapa);

            // A man in the middle appends USER (and CAPA) to the client's STLS in the same segment.
            c.send("STLS\r\nUSER " + user + "\r\nCAPA\r\n");
            assertEquals("+OK Begin TLS negotiation", c.line());
            c.startTls(); // fails if anything was answered in clear after the +OK
            assertEquals("-ERR send USER first", c.command("PASS " + Mail.PASSWORD),
                    "the injected USER was discarded");

            c.ok("CAPA");
            List<String> tlsCapa = c.multiLine();
            assertFalse(tlsCapa.contains("STLS"), tlsCapa.toString());
            assertTrue(tlsCapa.contains("SASL PLAIN"), tlsCapa.toString());
            assertTrue(tlsCapa.contains("USER"), tlsCapa.toString());
            assertEquals("-ERR TLS already active", c.command("STLS"));

            c.ok("USER " + user);
            assertEquals("+OK maildrop has 0 messages (0 octets)", c.command("PASS " + Mail.PASSWORD));
            c.ok("CAPA");
            List<String> transactionCapa = c.multiLine();
            assertTrue(transactionCapa.containsAll(List.of("TOP", "UIDL", "PIPELINING", "RESP-CODES")), transactionCapa.toString());
            assertFalse(transactionCapa.contains("USER"), transactionCapa.toString());
            assertEquals("+OK Maildock POP3 server signing off (maildrop empty)", c.command("QUIT"));
        }
    }

    @Test
    void implicitTlsOffersSaslPlainAndNoStls() throws IOException {
        String user = Mail.newAccount("pop-995");
        Mail.deliver(user, Mail.message(user, "over tls", "body"));
        try (Pop3Client c = Pop3Client.implicitTls()) {
            assertTrue(c.greeting.startsWith("+OK Maildock POP3 ready <"), c.greeting);
            c.ok("CAPA");
            List<String> capa = c.multiLine();
            assertTrue(capa.contains("SASL PLAIN") && !capa.contains("STLS"), capa.toString());
            String initial = Base64.getEncoder().encodeToString(("\0" + user + "\0" + Mail.PASSWORD)
                    .getBytes(StandardCharsets.UTF_8));
            assertTrue(c.ok("AUTH PLAIN " + initial).startsWith("+OK maildrop has 1 messages"));
            c.ok("QUIT");
        }
    }

    @Test
    void unknownUserAndWrongPasswordGetTheSameAnswer() throws IOException {
        String user = Mail.newAccount("pop-enum");
        try (Pop3Client c = Pop3Client.plain()) {
            assertEquals("+OK send your password", c.command("USER nobody-" + System.nanoTime() + "@" + Server.LOCAL_DOMAIN));
            String unknown = c.command("PASS " + Mail.PASSWORD);
            assertEquals("+OK send your password", c.command("USER " + user));
            String wrong = c.command("PASS wrong-" + Mail.PASSWORD);
            assertEquals("-ERR [AUTH] authentication failed", unknown);
            assertEquals(unknown, wrong, "no user enumeration");
        }
    }

    @Test
    void aCommandLineOver255OctetsIsRefusedAndTheSessionGoesOn() throws IOException {
        String user = Mail.newAccount("pop-long");
        try (Pop3Client c = Pop3Client.plain()) {
            String line = "USER " + "a".repeat(293); // 298 + CRLF = 300 octets
            assertEquals(300, (line + "\r\n").length());
            assertEquals("-ERR command line too long", c.command(line));
            c.ok("USER " + user);
            assertTrue(c.ok("PASS " + Mail.PASSWORD).startsWith("+OK maildrop has 0 messages"));
            assertEquals("-ERR command line too long", c.command("NOOP " + "x".repeat(300)));
            c.ok("NOOP");
            c.ok("QUIT");
        }
    }

    @Test
    void wrongStateAndUnknownCommands() throws IOException {
        try (Pop3Client c = Pop3Client.plain()) {
            assertEquals("-ERR command not valid in this state", c.command("STAT"));
            assertEquals("-ERR command not valid in this state", c.command("RETR 1"));
            assertEquals("-ERR unknown command", c.command("XYZZY"));
            assertEquals("-ERR send USER first", c.command("PASS x"));
            c.ok("QUIT");
        }
    }

    private static Map<Integer, String> uidls(String user) throws IOException {
        try (Pop3Client c = Pop3Client.login(user, Mail.PASSWORD)) {
            c.ok("UIDL");
            Map<Integer, String> uidls = new LinkedHashMap<>();
            for (String line : c.multiLine()) {
                String[] parts = line.split(" ");
                assertEquals(2, parts.length, line);
                uidls.put(Integer.parseInt(parts[0]), parts[1]);
            }
            c.ok("QUIT");
            return uidls;
        }
    }

    /** The lock of a dropped session is given back asynchronously: log in once it is free. */
    static Pop3Client loginWhenLockFree(String user) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            Pop3Client c = Pop3Client.plain();
            c.ok("USER " + user);
            String reply = c.command("PASS " + Mail.PASSWORD);
            if (reply.startsWith("+OK")) {
                return c;
            }
            c.close();
            assertTrue(reply.startsWith("-ERR [IN-USE]"), reply);
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the maildrop stayed locked after the session dropped");
            }
            Thread.sleep(200);
        }
    }

    /**
     * #22: a password must not cross the network in clear (RFC 8314, RFC 2595 section 2.1). A client
     * from 127.0.0.2 did not connect from the listener's own address (127.0.0.1), so it counts as
     * another host: before STLS no USER in CAPA, USER and AUTH PLAIN refused with [AUTH] (RFC 3206:
     * "in violation of policy"); after STLS the same login works. Before #22 USER was offered and
     * accepted in clear.
     */
    @Test
    void passwordsFromAnotherHostNeedStls() throws IOException {
        String user = Mail.newAccount("pop-clear");
        try (Pop3Client c = Pop3Client.plainFrom(InetAddress.getByName("127.0.0.2"))) {
            c.ok("CAPA");
            List<String> capa = c.multiLine();
            assertFalse(capa.contains("USER"), capa.toString());
            assertFalse(capa.contains("SASL PLAIN"), capa.toString());
            assertTrue(capa.contains("STLS"), capa.toString());
            assertEquals("-ERR [AUTH] plaintext login disabled, use STLS first", c.command("USER " + user));
            String plain = Base64.getEncoder().encodeToString(("\0" + user + "\0" + Mail.PASSWORD)
                    .getBytes(StandardCharsets.UTF_8));
            assertEquals("-ERR [AUTH] AUTH PLAIN needs an encrypted connection, use STLS first",
                    c.command("AUTH PLAIN " + plain));
            c.ok("STLS");
            c.startTls();
            c.ok("CAPA");
            assertTrue(c.multiLine().contains("USER"));
            c.ok("USER " + user);
            c.ok("PASS " + Mail.PASSWORD);
            c.quit();
        }
    }
}
