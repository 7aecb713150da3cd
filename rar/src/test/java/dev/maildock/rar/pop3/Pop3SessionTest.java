package dev.maildock.rar.pop3;

import dev.maildock.rar.testing.QueuedWorkManager;
import dev.maildock.rar.api.ConnectVerdict;
import dev.maildock.rar.api.Pop3Listener;
import dev.maildock.rar.net.EndpointDispatcher;
import dev.maildock.rar.net.PlaintextAuth;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The POP3 state machine over plaintext, driven through the real pipeline (RFC 1939, 2449). */
class Pop3SessionTest {

    private static final Pattern GREETING =
            Pattern.compile("\\+OK Maildock POP3 ready (<[!-~&&[^<>]]+@mail\\.example\\.test>)\r\n");

    /** Seed dialogs: a 120-octet and a 200-octet message, 320 octets in all. */
    private static final byte[] FIRST = Messages.ofSize(120,
            "From: alice@example.test", "Subject: one", "", "Hello kcope.");
    private static final byte[] SECOND = Messages.ofSize(200,
            "From: bob@example.test", "Subject: two", "", "line one", ".", ".leading dot", "..two dots", "last");

    private final InMemoryPop3Platform platform = new InMemoryPop3Platform();
    private final List<Pop3Harness> sessions = new ArrayList<>();
    private Pop3Settings settings = Pop3Settings.defaults(Pop3Settings.TlsMode.STLS)
            .withFailedLoginDelay(Duration.ZERO);

    @BeforeEach
    void maildrops() {
        platform.addAccount("kcope", "secret");
        platform.deliver("kcope", "uid-0001", FIRST);
        platform.deliver("kcope", "uid-0002", SECOND);
        platform.addAccount("empty", "nothing");
    }

    @AfterEach
    void closeSessions() {
        sessions.forEach(Pop3Harness::close);
    }

    private Pop3Harness connect() throws Exception {
        return connect(Pop3Harness.LOOPBACK_CLIENT);
    }

    private Pop3Harness connect(InetSocketAddress client) throws Exception {
        return connect(client, platform.dispatcher());
    }

    private Pop3Harness connect(InetSocketAddress client, EndpointDispatcher<Pop3Listener> dispatcher)
            throws Exception {
        Pop3Harness session = new Pop3Harness(new Pop3ChannelInitializer("pop3", dispatcher, settings), client);
        sessions.add(session);
        return session;
    }

    private Pop3Harness loggedIn() throws Exception {
        Pop3Harness session = connect();
        session.read();
        assertEquals("+OK send your password\r\n", session.command("USER kcope"));
        assertTrue(session.command("PASS secret").startsWith("+OK maildrop has "));
        return session;
    }

    private static String timestampOf(String greeting) {
        Matcher matcher = GREETING.matcher(greeting);
        assertTrue(matcher.matches(), greeting);
        return matcher.group(1);
    }

    @Test
    void greetingCarriesAnApopTimestampUniquePerConnection() throws Exception {
        String first = timestampOf(connect().read());
        String second = timestampOf(connect().read());
        assertNotEquals(first, second);
        assertEquals("pop3", platform.clients.get(0).service());
        assertFalse(platform.clients.get(0).tls());
    }

    @Test
    void seedDialogOfRfc1939() throws Exception {
        Pop3Harness s = loggedIn();
        assertEquals("+OK 2 320\r\n", s.command("STAT"));
        assertEquals("+OK 2 messages (320 octets)\r\n1 120\r\n2 200\r\n.\r\n", s.command("LIST"));
        assertEquals("+OK 2 200\r\n", s.command("LIST 2"));
        assertEquals("-ERR no such message, only 2 messages in maildrop\r\n", s.command("LIST 3"));
        assertEquals("-ERR no such message, only 2 messages in maildrop\r\n", s.command("TOP 100 3"));
        assertEquals("+OK\r\n", s.command("NOOP"));
        String retr = s.command("RETR 1");
        assertEquals("+OK 120 octets", Messages.status(retr));
        assertEquals(new String(FIRST, StandardCharsets.ISO_8859_1), Messages.body(retr));
        assertEquals("+OK message 2 deleted\r\n", s.command("DELE 2"));
        assertEquals("+OK message 1 deleted\r\n", s.command("DELE 1"));
        assertEquals("-ERR message 2 already deleted\r\n", s.command("DELE 2"));
        assertEquals("+OK maildrop has 2 messages (320 octets)\r\n", s.command("RSET"));
        assertEquals("+OK Maildock POP3 server signing off (2 messages left)\r\n", s.command("QUIT"));
        assertFalse(s.open());
        assertTrue(platform.calls.contains("commit h1 []"));
        assertEquals(platform.endpointsCreated, platform.endpointsReleased);
    }

    @Test
    void quitAfterDeletingEverythingCommitsInOneCallAndReportsAnEmptyMaildrop() throws Exception {
        Pop3Harness s = loggedIn();
        s.command("DELE 1");
        s.command("DELE 2");
        assertEquals("+OK Maildock POP3 server signing off (maildrop empty)\r\n", s.command("QUIT"));
        assertEquals(List.of("commit h1 [m1, m2]"),
                platform.calls.stream().filter(c -> c.startsWith("commit") || c.startsWith("release")).toList());
        assertEquals(0, platform.messagesOf("kcope"));
        assertFalse(platform.locked("kcope"));
    }

    @Test
    void deletionHappensOnlyAtQuit() throws Exception {
        Pop3Harness s = loggedIn();
        assertEquals("+OK message 1 deleted\r\n", s.command("DELE 1"));
        assertEquals(2, platform.messagesOf("kcope"));
        assertEquals("+OK Maildock POP3 server signing off (1 messages left)\r\n", s.command("QUIT"));
        assertEquals(1, platform.messagesOf("kcope"));
    }

    @Test
    void quitInAuthorizationSignsOffWithoutUpdate() throws Exception {
        Pop3Harness s = connect();
        s.read();
        assertEquals("+OK Maildock POP3 server signing off\r\n", s.command("QUIT"));
        assertFalse(s.open());
        assertTrue(platform.calls.stream().noneMatch(c -> c.startsWith("commit") || c.startsWith("release")));
    }

    @Test
    void droppedSessionReleasesTheMaildropAndDeletesNothing() throws Exception {
        Pop3Harness s = loggedIn();
        s.command("DELE 1");
        s.command("DELE 2");
        s.drop();
        assertTrue(platform.calls.contains("release h1"));
        assertTrue(platform.calls.stream().noneMatch(c -> c.startsWith("commit")));
        assertEquals(2, platform.messagesOf("kcope"));
        assertFalse(platform.locked("kcope"));
    }

    @Test
    void autologoutDefaultsToTenMinutes() {
        assertEquals(Duration.ofMinutes(10), Pop3Settings.defaults(Pop3Settings.TlsMode.STLS).idleTimeout());
    }

    @Test
    void idleSessionIsLoggedOutWithoutCommit() throws Exception {
        // The deadline reads the real clock, not the embedded loop's: use a short real timeout.
        settings = settings.withIdleTimeout(Duration.ofMillis(200));
        Pop3Harness s = loggedIn();
        s.command("DELE 1");
        s.advance(Duration.ZERO);
        assertTrue(s.open());
        Thread.sleep(400);
        s.advance(Duration.ofMillis(400));
        assertFalse(s.open());
        assertEquals("", s.read(), "RFC 1939: autologout sends no response");
        assertTrue(platform.calls.contains("release h1"));
        assertTrue(platform.calls.stream().noneMatch(c -> c.startsWith("commit")));
        assertEquals(2, platform.messagesOf("kcope"));
    }

    /** The autologout is a per-record deadline: a command line trickled an octet at a time does not reset it. */
    @Test
    void tricklingACommandLineIsLoggedOutAtTheDeadline() throws Exception {
        settings = settings.withIdleTimeout(Duration.ofMillis(300));
        Pop3Harness s = loggedIn();
        s.command("DELE 1");
        for (char octet : "NOOP NOOP NOOP NOOP".toCharArray()) {
            Thread.sleep(50);
            s.send(String.valueOf(octet));
            s.advance(Duration.ZERO);
            if (!s.open()) {
                break;
            }
        }
        assertFalse(s.open());
        assertTrue(platform.calls.contains("release h1"));
        assertTrue(platform.calls.stream().noneMatch(c -> c.startsWith("commit")));
    }

    @Test
    void userAndPassDoNotRevealWhetherAnAccountExists() throws Exception {
        Pop3Harness s = connect();
        s.read();
        String knownUser = s.command("USER kcope");
        String knownWrongPassword = s.command("PASS wrong");
        String unknownUser = s.command("USER nobody");
        String unknownPassword = s.command("PASS secret");
        assertEquals(knownUser, unknownUser);
        assertEquals("-ERR [AUTH] authentication failed\r\n", knownWrongPassword);
        assertEquals(knownWrongPassword, unknownPassword);
    }

    @Test
    void passNeedsAFreshUser() throws Exception {
        Pop3Harness s = connect();
        s.read();
        assertEquals("-ERR send USER first\r\n", s.command("PASS secret"));
        s.command("USER kcope");
        s.command("PASS wrong");
        assertEquals("-ERR send USER first\r\n", s.command("PASS secret"));
    }

    @Test
    void apopWithTheDigestOfTheGreetingTimestamp() throws Exception {
        Pop3Harness s = connect();
        String timestamp = timestampOf(s.read());
        assertEquals("-ERR [AUTH] authentication failed\r\n",
                s.command("APOP kcope " + InMemoryPop3Platform.md5Hex(timestamp + "wrong")));
        assertEquals("-ERR syntax error\r\n", s.command("APOP kcope not-a-digest"));
        String digest = InMemoryPop3Platform.md5Hex(timestamp + "secret");
        assertEquals("+OK maildrop has 2 messages (320 octets)\r\n", s.command("APOP kcope " + digest));
        assertEquals("+OK 2 320\r\n", s.command("STAT"));
    }

    @Test
    void apopDigestFromAnotherConnectionIsRefused() throws Exception {
        Pop3Harness first = connect();
        String digest = InMemoryPop3Platform.md5Hex(timestampOf(first.read()) + "secret");
        Pop3Harness replay = connect();
        replay.read();
        assertEquals("-ERR [AUTH] authentication failed\r\n", replay.command("APOP kcope " + digest));
    }

    @Test
    void secondSessionOnALockedMaildropGetsInUse() throws Exception {
        loggedIn();
        Pop3Harness second = connect();
        second.read();
        second.command("USER kcope");
        assertEquals("-ERR [IN-USE] maildrop already locked by another session\r\n", second.command("PASS secret"));
        assertTrue(second.open(), "IN-USE is not a failed login");
    }

    @Test
    void rsetRestoresDeletedMessages() throws Exception {
        Pop3Harness s = loggedIn();
        s.command("DELE 1");
        assertEquals("+OK 1 200\r\n", s.command("STAT"));
        assertEquals("+OK maildrop has 2 messages (320 octets)\r\n", s.command("RSET"));
        assertEquals("+OK 2 320\r\n", s.command("STAT"));
        assertEquals("+OK 1 120\r\n", s.command("LIST 1"));
        assertEquals("+OK Maildock POP3 server signing off (2 messages left)\r\n", s.command("QUIT"));
        assertEquals(2, platform.messagesOf("kcope"));
    }

    @Test
    void deletedMessagesVanishFromListingsAndRefuseAccess() throws Exception {
        Pop3Harness s = loggedIn();
        s.command("DELE 1");
        assertEquals("+OK 1 200\r\n", s.command("STAT"));
        assertEquals("+OK 1 messages (200 octets)\r\n2 200\r\n.\r\n", s.command("LIST"));
        assertEquals("+OK unique-id listing follows\r\n2 uid-0002\r\n.\r\n", s.command("UIDL"));
        assertEquals("-ERR message 1 already deleted\r\n", s.command("LIST 1"));
        assertEquals("-ERR message 1 already deleted\r\n", s.command("UIDL 1"));
        assertEquals("-ERR message 1 already deleted\r\n", s.command("RETR 1"));
        assertEquals("-ERR message 1 already deleted\r\n", s.command("TOP 1 0"));
        assertEquals("-ERR message 1 already deleted\r\n", s.command("DELE 1"));
        assertEquals("+OK 2 200\r\n", s.command("LIST 2"), "numbers stay fixed for the session");
    }

    @Test
    void uidlSingleAndList() throws Exception {
        Pop3Harness s = loggedIn();
        assertEquals("+OK unique-id listing follows\r\n1 uid-0001\r\n2 uid-0002\r\n.\r\n", s.command("UIDL"));
        assertEquals("+OK 2 uid-0002\r\n", s.command("UIDL 2"));
        assertEquals("-ERR no such message, only 2 messages in maildrop\r\n", s.command("UIDL 0"));
        assertEquals("-ERR syntax error\r\n", s.command("UIDL two"));
    }

    @Test
    void retrSendsExactlyTheListedOctetsDotStuffed() throws Exception {
        Pop3Harness s = loggedIn();
        String response = s.command("RETR 2");
        assertEquals("+OK 200 octets", Messages.status(response));
        assertTrue(response.contains("\r\n..\r\n..leading dot\r\n...two dots\r\n"), response);
        byte[] received = Messages.body(response).getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(200, received.length);
        assertEquals(new String(SECOND, StandardCharsets.ISO_8859_1), new String(received, StandardCharsets.ISO_8859_1));
    }

    @Test
    void messageWithoutFinalCrlfGetsOneBeforeTheTerminator() throws Exception {
        platform.deliver("empty", "uid-x", Messages.of("Subject: x\r\n\r\n.no end"));
        Pop3Harness s = connect();
        s.read();
        s.command("USER empty");
        assertEquals("+OK maildrop has 1 messages (21 octets)\r\n", s.command("PASS nothing"));
        assertEquals("+OK 21 octets\r\nSubject: x\r\n\r\n..no end\r\n.\r\n", s.command("RETR 1"));
    }

    @Test
    void largeMessagesAreFetchedInChunksAndStayExact() throws Exception {
        settings = settings.withRetrieveChunk(64);
        Pop3Harness s = loggedIn();
        String response = s.command("RETR 2");
        assertEquals(new String(SECOND, StandardCharsets.ISO_8859_1), Messages.body(response));
        assertEquals(List.of("retrieve m2 0 64", "retrieve m2 64 64", "retrieve m2 128 64", "retrieve m2 192 8"),
                platform.calls.stream().filter(c -> c.startsWith("retrieve")).toList());
    }

    @Test
    void eachResponseIsWrittenInOneFlush() throws Exception {
        Pop3Harness s = loggedIn();
        for (String command : List.of("LIST", "UIDL", "CAPA", "RETR 2", "TOP 1 1", "STAT")) {
            s.send(command + "\r\n");
            assertEquals(1, s.writes().size(), command);
        }
    }

    @Test
    void topSendsHeaderBlankLineAndRequestedBodyLines() throws Exception {
        platform.deliver("empty", "uid-top", Messages.of(
                "From: a@example.test\r\nSubject: top\r\n\r\nbody 1\r\n.body 2\r\nbody 3\r\n"));
        Pop3Harness s = connect();
        s.read();
        s.command("USER empty");
        s.command("PASS nothing");
        assertEquals("+OK top of message follows\r\nFrom: a@example.test\r\nSubject: top\r\n\r\n.\r\n",
                s.command("TOP 1 0"));
        assertEquals("+OK top of message follows\r\nFrom: a@example.test\r\nSubject: top\r\n\r\nbody 1\r\n"
                + "..body 2\r\n.\r\n", s.command("TOP 1 2"));
        assertEquals("+OK top of message follows\r\nFrom: a@example.test\r\nSubject: top\r\n\r\nbody 1\r\n"
                + "..body 2\r\nbody 3\r\n.\r\n", s.command("TOP 1 99"));
        assertEquals("-ERR syntax error\r\n", s.command("TOP 1"));
        assertEquals("-ERR syntax error\r\n", s.command("TOP 1 -1"));
    }

    @Test
    void commandsInTheWrongStateAreRefused() throws Exception {
        Pop3Harness s = connect();
        s.read();
        for (String command : List.of("STAT", "LIST", "RETR 1", "DELE 1", "NOOP", "RSET", "TOP 1 1", "UIDL")) {
            assertEquals("-ERR command not valid in this state\r\n", s.command(command), command);
        }
        assertEquals("-ERR unknown command\r\n", s.command("XYZZY"));
        assertEquals("-ERR unknown command\r\n", s.command(""));
        s.command("USER kcope");
        s.command("PASS secret");
        for (String command : List.of("USER kcope", "PASS secret", "APOP kcope 0123456789abcdef0123456789abcdef",
                "AUTH PLAIN", "STLS")) {
            assertEquals("-ERR command not valid in this state\r\n", s.command(command), command);
        }
        assertEquals("+OK\r\n", s.command("noop"), "keywords are case-insensitive");
    }

    @Test
    void overlongCommandLineIsRefusedAndTheSessionGoesOn() throws Exception {
        Pop3Harness s = loggedIn();
        assertEquals("-ERR command line too long\r\n", s.command("NOOP " + "x".repeat(295)));
        assertEquals("+OK\r\n", s.command("NOOP"));
        assertEquals("+OK\r\n", s.command("NOOP " + "x".repeat(248)), "255 octets with CRLF is the limit");
    }

    @Test
    void overlongLineWithoutLineEndIsNotBuffered() throws Exception {
        Pop3Harness s = loggedIn();
        s.send("x".repeat(300));
        assertEquals("-ERR command line too long\r\n", s.read(), "reported before any line end arrives");
        s.send("y".repeat(100_000));
        assertEquals("", s.read());
        assertEquals("+OK\r\n", s.command("tail of the long line\r\nNOOP"));
    }

    @Test
    void pipelinedCommandsAreAnsweredInOrder() throws Exception {
        Pop3Harness s = connect();
        s.read();
        s.send("USER kcope\r\nPASS secret\r\nSTAT\r\nUIDL 1\r\nQUIT\r\n");
        assertEquals("+OK send your password\r\n+OK maildrop has 2 messages (320 octets)\r\n+OK 2 320\r\n"
                + "+OK 1 uid-0001\r\n+OK Maildock POP3 server signing off (2 messages left)\r\n", s.read());
    }

    @Test
    void threeFailedLoginsAreDelayedAndCloseTheSession() throws Exception {
        settings = settings.withFailedLoginDelay(Duration.ofSeconds(2));
        Pop3Harness s = connect();
        s.read();
        for (int attempt = 1; attempt <= 2; attempt++) {
            s.command("USER kcope");
            assertEquals("", s.command("PASS wrong" + attempt), "no answer before the delay");
            s.advance(Duration.ofSeconds(2));
            assertEquals("-ERR [AUTH] authentication failed\r\n", s.read());
        }
        s.command("USER kcope");
        s.command("PASS wrong3");
        s.advance(Duration.ofSeconds(2));
        assertEquals("-ERR [AUTH] authentication failed, too many attempts, signing off\r\n", s.read());
        assertFalse(s.open());
    }

    /** #22: the platform's lockout decides the delay (growing); the session waits on its timer. */
    @Test
    void theListenersLockoutDelayHoldsTheFailureAnswer() throws Exception {
        settings = settings.withFailedLoginDelay(Duration.ofSeconds(2));
        platform.failureDelay = Duration.ofSeconds(8);
        Pop3Harness s = connect();
        s.read();
        s.command("USER kcope");
        assertEquals("", s.command("PASS wrong"));
        s.advance(Duration.ofSeconds(7));
        assertEquals("", s.read(), "the platform's delay is longer than the session's own");
        s.advance(Duration.ofSeconds(1));
        assertEquals("-ERR [AUTH] authentication failed\r\n", s.read());
    }

    @Test
    void commandsPipelinedBehindAFailedLoginWaitForTheDelay() throws Exception {
        settings = settings.withFailedLoginDelay(Duration.ofSeconds(2));
        Pop3Harness s = connect();
        s.read();
        s.send("USER kcope\r\nPASS wrong\r\nUSER kcope\r\nPASS secret\r\n");
        assertEquals("+OK send your password\r\n", s.read());
        s.advance(Duration.ofSeconds(2));
        assertEquals("-ERR [AUTH] authentication failed\r\n+OK send your password\r\n"
                + "+OK maildrop has 2 messages (320 octets)\r\n", s.read());
    }

    @Test
    void refusedConnectionIsTemporaryAndClosed() throws Exception {
        platform.verdict = ConnectVerdict.tryLater("mail.example.test", "maintenance");
        Pop3Harness s = connect();
        assertEquals("-ERR [SYS/TEMP] Maildock POP3 service not available, try again later\r\n", s.read());
        assertFalse(s.open());
    }

    @Test
    void sequentialRetrsReadAheadInAGrowingWindow() throws Exception {
        platform.deliver("kcope", "uid-0003", Messages.of("Subject: third\r\n\r\n.dot\r\n"));
        Pop3Harness s = loggedIn();
        assertEquals(new String(FIRST, StandardCharsets.ISO_8859_1), Messages.body(s.command("RETR 1")));
        assertEquals(new String(SECOND, StandardCharsets.ISO_8859_1), Messages.body(s.command("RETR 2")));
        assertEquals("+OK 24 octets\r\nSubject: third\r\n\r\n..dot\r\n.\r\n", s.command("RETR 3"));
        // RETR 1 alone (nothing says the client reads in order yet), RETR 2 with the next, RETR 3 fetched.
        assertEquals(List.of("retrieveWhole [m1]", "retrieveWhole [m2, m3]"),
                platform.calls.stream().filter(c -> c.startsWith("retrieve")).toList());
        // Fetched content is used once, and a jump back starts the window over.
        assertEquals(new String(FIRST, StandardCharsets.ISO_8859_1), Messages.body(s.command("RETR 1")));
        assertEquals("retrieveWhole [m1]", platform.calls.stream().filter(c -> c.startsWith("retrieve"))
                .reduce((a, b) -> b).orElseThrow());
    }

    /** The answers to commands pipelined in one packet leave in one flush: one write(2), not one each. */
    @Test
    void pipelinedAnswersLeaveInOneFlush() throws Exception {
        Pop3Harness s = loggedIn();
        AtomicInteger flushes = new AtomicInteger();
        s.server.pipeline().addFirst(new ChannelOutboundHandlerAdapter() {
            @Override
            public void flush(ChannelHandlerContext ctx) {
                flushes.incrementAndGet();
                ctx.flush();
            }
        });
        s.send("STAT\r\nLIST\r\nUIDL\r\nNOOP\r\n");
        assertEquals(1, flushes.get());
        assertTrue(s.read().endsWith("+OK\r\n"));
        // An answer the platform gives outside any read leaves at once.
        s.send("QUIT\r\n");
        assertEquals(2, flushes.get());
    }

    /**
     * A client reading in order gets the next messages fetched in the background while it is sent
     * the cached ones, so it never waits for the platform once the window is open.
     */
    @Test
    void inOrderRetrsFetchTheNextBatchInTheBackground() throws Exception {
        deliverSmallMessages(3, 10);
        Pop3Harness s = loggedIn();
        s.command("RETR 1");
        s.command("RETR 2");
        assertEquals("+OK 21 octets\r\nSubject: m3\r\n\r\nbody\r\n.\r\n", s.command("RETR 3"));
        assertTrue(platform.calls.contains("retrieveWhole [m4, m5, m6, m7]"),
                "RETR 3 came from the cache, and the next batch was asked for meanwhile");
        for (int i = 4; i <= 10; i++) {
            String content = "Subject: m" + i + "\r\n\r\nbody\r\n";
            assertEquals("+OK " + content.length() + " octets\r\n" + content + ".\r\n", s.command("RETR " + i));
        }
        // RETR 1 alone, RETR 2 with 3; from then on each batch is asked for before the cache runs dry.
        assertEquals(List.of("retrieveWhole [m1]", "retrieveWhole [m2, m3]", "retrieveWhole [m4, m5, m6, m7]",
                "retrieveWhole [m8, m9, m10]"), platform.calls.stream().filter(c -> c.startsWith("retrieve")).toList());
    }

    /** A RETR for a message still on its way waits for that call instead of asking again. */
    @Test
    void retrOfAMessageOnItsWayWaitsForTheBackgroundFetch() throws Exception {
        deliverSmallMessages(3, 6);
        QueuedWorkManager platformThreads = new QueuedWorkManager();
        Pop3Harness s = greeted(platformThreads);
        s.send("USER kcope\r\nPASS secret\r\nRETR 1\r\nRETR 2\r\nRETR 3\r\nRETR 4\r\nRETR 5\r\n");
        for (int i = 0; i < 6; i++) {
            platformThreads.runAll();
            s.advance(Duration.ZERO);
        }
        String replies = s.read();
        for (int i = 3; i <= 5; i++) {
            assertTrue(replies.contains("Subject: m" + i + "\r\n\r\nbody\r\n.\r\n"), replies);
        }
        assertEquals(List.of("retrieveWhole [m1]", "retrieveWhole [m2, m3]", "retrieveWhole [m4, m5, m6]"),
                platform.calls.stream().filter(c -> c.startsWith("retrieve")).toList());
    }

    /** Messages {@code from} to {@code to}: "Subject: m<n>", one body line. */
    private void deliverSmallMessages(int from, int to) {
        for (int i = from; i <= to; i++) {
            platform.deliver("kcope", "uid-%04d".formatted(i), Messages.of("Subject: m" + i + "\r\n\r\nbody\r\n"));
        }
    }

    /** A session whose platform answers only when the test runs its queued work; greeted already. */
    private Pop3Harness greeted(QueuedWorkManager platformThreads) throws Exception {
        Pop3Harness s = connect(Pop3Harness.LOOPBACK_CLIENT, platform.dispatcher(platformThreads));
        platformThreads.runAll();
        s.advance(Duration.ZERO);
        s.read();
        return s;
    }

    /** A background fetch that fails costs nothing but the shortcut: the waiting RETR is answered in chunks. */
    @Test
    void aFailedBackgroundFetchFallsBackToChunks() throws Exception {
        deliverSmallMessages(3, 6);
        QueuedWorkManager platformThreads = new QueuedWorkManager();
        Pop3Harness s = greeted(platformThreads);
        s.send("USER kcope\r\nPASS secret\r\nRETR 1\r\nRETR 2\r\nRETR 3\r\n");
        for (int i = 0; i < 3; i++) {
            platformThreads.runAll();
            s.advance(Duration.ZERO);
        }
        // The background fetch of 4..6 is queued now; it fails, and RETR 4 must still be answered.
        platform.failRetrieve = true;
        s.send("RETR 4\r\n");
        platformThreads.runAll();
        s.advance(Duration.ZERO);
        platform.failRetrieve = false;
        for (int i = 0; i < 3; i++) {
            platformThreads.runAll();
            s.advance(Duration.ZERO);
        }
        assertTrue(s.read().endsWith("+OK 21 octets\r\nSubject: m4\r\n\r\nbody\r\n.\r\n"));
    }

    @Test
    void readAheadSkipsDeletedMessagesAndTopUsesItToo() throws Exception {
        platform.deliver("kcope", "uid-0003", Messages.of("Subject: third\r\n\r\nbody\r\n"));
        platform.deliver("kcope", "uid-0004", Messages.of("Subject: fourth\r\n\r\nbody\r\n"));
        Pop3Harness s = loggedIn();
        assertEquals(new String(FIRST, StandardCharsets.ISO_8859_1), Messages.body(s.command("RETR 1")));
        s.command("DELE 2");
        // 3 follows 1 once 2 is deleted: the window grows and skips the deleted message.
        assertEquals("+OK top of message follows\r\nSubject: third\r\n\r\n.\r\n", s.command("TOP 3 0"));
        assertEquals("+OK 25 octets", Messages.status(s.command("RETR 4")));
        assertEquals(List.of("retrieveWhole [m1]", "retrieveWhole [m3, m4]"),
                platform.calls.stream().filter(c -> c.startsWith("retrieve")).toList());
    }

    @Test
    void retrieveFailureBeforeAnyOutputIsATemporaryError() throws Exception {
        Pop3Harness s = loggedIn();
        platform.failRetrieve = true;
        assertEquals("-ERR [SYS/TEMP] maildrop temporarily unavailable, try again later\r\n", s.command("RETR 1"));
        platform.failRetrieve = false;
        assertEquals("+OK 120 octets", Messages.status(s.command("RETR 1")));
    }

    @Test
    void leaseIsRenewedAndALostLockEndsTheSession() throws Exception {
        platform.lease = Duration.ofSeconds(30);
        Pop3Harness s = loggedIn();
        s.advance(Duration.ofSeconds(11));
        assertTrue(platform.calls.contains("renew h1"));
        assertTrue(s.open());
        platform.loseLock("kcope");
        s.advance(Duration.ofSeconds(10));
        assertFalse(s.open());
        assertTrue(platform.calls.stream().noneMatch(c -> c.startsWith("commit")));
    }

    /** The lease renewals are the session's own business: they do not keep a quiet client logged in. */
    @Test
    void leaseRenewalsDoNotPostponeTheAutologout() throws Exception {
        platform.lease = Duration.ofMillis(60);
        settings = settings.withIdleTimeout(Duration.ofMillis(300));
        Pop3Harness s = loggedIn();
        for (int i = 0; i < 16 && s.open(); i++) {
            Thread.sleep(50);
            s.advance(Duration.ofMillis(50));
        }
        assertTrue(platform.calls.contains("renew h1"));
        assertFalse(s.open());
    }

    @Test
    void capaWithoutTlsOffersNeitherStlsNorSasl() throws Exception {
        Pop3Harness s = connect();
        s.read();
        assertEquals("+OK Capability list follows\r\nUSER\r\nTOP\r\nUIDL\r\nPIPELINING\r\nRESP-CODES\r\n"
                + "AUTH-RESP-CODE\r\nEXPIRE NEVER\r\nIMPLEMENTATION Maildock\r\n.\r\n", s.command("CAPA"));
        assertEquals("-ERR STLS not available\r\n", s.command("STLS"));
    }

    @Test
    void authPlainIsRefusedBeforeTls() throws Exception {
        Pop3Harness s = connect();
        s.read();
        assertEquals("-ERR [AUTH] AUTH PLAIN needs an encrypted connection, use STLS first\r\n",
                s.command("AUTH PLAIN AGtjb3BlAHNlY3JldA=="));
        assertEquals("-ERR [AUTH] AUTH PLAIN needs an encrypted connection, use STLS first\r\n",
                s.command("AUTH PLAIN"));
        assertEquals("-ERR unsupported authentication mechanism\r\n", s.command("AUTH CRAM-MD5"));
        assertTrue(platform.calls.stream().noneMatch(c -> c.startsWith("login")));
    }

    /** RFC 8314 / RFC 2595 section 2.1: no password in clear from another host (maildock.auth.plaintext=local). */
    @Test
    void plaintextLoginIsRefusedForAnotherHostByDefault() throws Exception {
        Pop3Harness remote = connect(new InetSocketAddress("192.0.2.7", 40000));
        remote.read();
        assertEquals("-ERR [AUTH] plaintext login disabled, use STLS first\r\n", remote.command("USER kcope"));
        assertFalse(remote.command("CAPA").contains("USER\r\n"));
        Pop3Harness local = connect();
        local.read();
        assertEquals("+OK send your password\r\n", local.command("USER kcope"));
    }

    @Test
    void plaintextAuthTlsRefusesThisHostAndAnyAllowsEveryone() throws Exception {
        settings = settings.withPlaintextAuth(PlaintextAuth.TLS);
        Pop3Harness local = connect();
        local.read();
        assertEquals("-ERR [AUTH] plaintext login disabled, use STLS first\r\n", local.command("USER kcope"));
        assertFalse(local.command("CAPA").contains("USER\r\n"));

        settings = settings.withPlaintextAuth(PlaintextAuth.ANY);
        Pop3Harness remote = connect(new InetSocketAddress("192.0.2.7", 40000));
        remote.read();
        assertEquals("+OK send your password\r\n", remote.command("USER kcope"));
        assertEquals("+OK maildrop has 2 messages (320 octets)\r\n", remote.command("PASS secret"));
    }

    @Test
    void commandsWaitWhileThePlatformIsBusy() throws Exception {
        QueuedWorkManager platformThreads = new QueuedWorkManager();
        Pop3Harness s = connect(Pop3Harness.LOOPBACK_CLIENT, platform.dispatcher(platformThreads));
        assertEquals("", s.read(), "no greeting before the platform admits the client");
        platformThreads.runAll();
        s.advance(Duration.ZERO);
        timestampOf(s.read());
        s.send("USER kcope\r\nPASS secret\r\nSTAT\r\n");
        assertEquals("+OK send your password\r\n", s.read(), "STAT waits for the login's answer");
        platformThreads.runAll();
        s.advance(Duration.ZERO);
        assertEquals("+OK maildrop has 2 messages (320 octets)\r\n+OK 2 320\r\n", s.read());
    }

    @Test
    void clientLeavingDuringLoginGetsTheLockReleased() throws Exception {
        QueuedWorkManager platformThreads = new QueuedWorkManager();
        Pop3Harness s = connect(Pop3Harness.LOOPBACK_CLIENT, platform.dispatcher(platformThreads));
        platformThreads.runAll();
        s.advance(Duration.ZERO);
        s.send("USER kcope\r\nPASS secret\r\n");
        s.drop();
        platformThreads.runAll();
        s.advance(Duration.ZERO);
        platformThreads.runAll();
        assertEquals(List.of("connect", "login kcope", "release h1"), platform.calls);
        assertFalse(platform.locked("kcope"));
    }

    @Test
    void clientLeavingDuringUpdateStillGetsItsDeletionsCommitted() throws Exception {
        QueuedWorkManager platformThreads = new QueuedWorkManager();
        Pop3Harness s = connect(Pop3Harness.LOOPBACK_CLIENT, platform.dispatcher(platformThreads));
        platformThreads.runAll();
        s.advance(Duration.ZERO);
        s.send("USER kcope\r\nPASS secret\r\n");
        platformThreads.runAll();
        s.advance(Duration.ZERO);
        s.send("DELE 1\r\nQUIT\r\n");
        s.drop();
        platformThreads.runAll();
        s.advance(Duration.ZERO);
        assertEquals(List.of("connect", "login kcope", "commit h1 [m1]"), platform.calls);
        assertEquals(1, platform.messagesOf("kcope"));
    }
}
