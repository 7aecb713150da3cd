package dev.maildock.rar.imap;

import dev.maildock.rar.api.ConnectVerdict;
import dev.maildock.rar.api.ImapListener;
import dev.maildock.rar.api.imap.BodyPart;
import dev.maildock.rar.api.imap.EnvelopeFields;
import dev.maildock.rar.api.imap.MessageStructure;
import dev.maildock.rar.api.imap.QuotaUsage;
import dev.maildock.rar.api.imap.SpecialUse;
import dev.maildock.rar.api.imap.SystemFlag;
import dev.maildock.rar.net.ConnectionLimits;
import dev.maildock.rar.net.EndpointDispatcher;
import dev.maildock.rar.net.SessionChannel;
import dev.maildock.rar.testing.QueuedWorkManager;
import dev.maildock.rar.testing.TestTls;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The IMAP session's states and commands through the real framer and session (RFC 9051 sections 6 and 7). */
class ImapSessionTest {

    private static final String BEFORE_LOGIN = "IMAP4rev1 IMAP4rev2 LITERAL+ ID AUTH=PLAIN AUTH=LOGIN SASL-IR";
    private static final String AFTER_LOGIN = String.join(" ", new ImapCapabilities(50L * 1024 * 1024).afterLogin());
    private static final String GREETING = "* OK [CAPABILITY " + BEFORE_LOGIN + "] Maildock IMAP4rev2 server ready\r\n";
    private static final String LOGGED_IN = "OK [CAPABILITY " + AFTER_LOGIN + "] Logged in\r\n";
    private static final String FAILED = "NO [AUTHENTICATIONFAILED] Authentication failed\r\n";
    /** RFC 9051 section 6.3.2's flags, in Maildock's order. */
    private static final String FLAGS = "(\\Seen \\Answered \\Flagged \\Deleted \\Draft)";

    private final InMemoryImapPlatform platform = new InMemoryImapPlatform();
    /** The watcher's own event loop, driven by the test's clock. */
    private final EmbeddedChannel watcherLoop = new EmbeddedChannel();
    private final List<ImapHarness> sessions = new ArrayList<>();
    private ImapSettings settings = ImapSettings.defaults(ImapSettings.TlsMode.STARTTLS)
            .withFailedLoginDelay(Duration.ZERO);
    private EndpointDispatcher<ImapListener> dispatcher = platform.dispatcher();
    private MailboxWatcher watcher;
    private SslContext sslContext;
    private static TestTls tls;

    @BeforeAll
    static void certificate(@TempDir Path dir) throws Exception {
        tls = TestTls.create(dir);
    }

    @BeforeEach
    void accounts() {
        platform.addAccount("kcope", "secret");
        platform.deliver("kcope", "INBOX", "Subject: one\r\n\r\nfirst\r\n", SystemFlag.SEEN);
        platform.deliver("kcope", "INBOX", "Subject: two\r\n\r\nsecond\r\n");
        platform.deliver("kcope", "INBOX", "Subject: three\r\n\r\nthird\r\n");
        // An earlier session saw these: they are \Recent to nobody (recentMessages tests that part).
        platform.box("kcope", "INBOX").firstRecentUid = 4;
        platform.create("kcope", "Sent", SpecialUse.SENT);
        platform.create("kcope", "Projects/Maildock", null);
        platform.subscribe("kcope", "INBOX", true);
        watcher = new MailboxWatcher(watcherLoop.eventLoop(), Duration.ofMillis(500), this::changedMailboxes);
        platform.calls.clear();
    }

    private CompletionStage<long[]> changedMailboxes(long[] ids, long[] modSeqs) {
        return dispatcher.call(listener -> listener.changedMailboxes(ids, modSeqs));
    }

    @AfterEach
    void close() {
        sessions.forEach(ImapHarness::close);
        watcher.close();
        watcherLoop.finishAndReleaseAll();
    }

    private ImapHarness connect() throws Exception {
        return connect(ImapHarness.LOOPBACK_CLIENT);
    }

    private ImapHarness connect(InetSocketAddress client) throws Exception {
        ImapChannelInitializer initializer = new ImapChannelInitializer("imap", dispatcher, settings, sslContext,
                new ConnectionLimits(ConnectionLimits.DEFAULT_MAX_CONNECTIONS, ConnectionLimits.DEFAULT_MAX_PER_CLIENT),
                watcher);
        ImapHarness session = new ImapHarness(initializer, client);
        sessions.add(session);
        return session;
    }

    private ImapHarness loggedIn() throws Exception {
        ImapHarness s = connect();
        assertEquals(GREETING, s.read());
        assertEquals("a0 " + LOGGED_IN, s.command("a0 LOGIN kcope secret"));
        return s;
    }

    private ImapHarness selected() throws Exception {
        ImapHarness s = loggedIn();
        assertTrue(s.command("s0 SELECT INBOX").endsWith("s0 OK [READ-WRITE] SELECT completed\r\n"));
        return s;
    }

    /** One tick of the watcher: it asks the platform, and the session's loop runs the callback. */
    private void tick(ImapHarness s) {
        watcherLoop.advanceTimeBy(500, TimeUnit.MILLISECONDS);
        watcherLoop.runPendingTasks();
        watcherLoop.runPendingTasks();
        s.settle();
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------- any state (RFC 9051 section 6.1)

    @Test
    void greetingCarriesTheCapabilitiesAndCapabilityRepeatsThem() throws Exception {
        ImapHarness s = connect();
        assertEquals(GREETING, s.read());
        assertEquals("* CAPABILITY " + BEFORE_LOGIN + "\r\nabcd OK Completed\r\n", s.command("abcd CAPABILITY"));
        assertEquals("a002 OK Completed\r\n", s.command("a002 NOOP"));
        assertEquals("* ID (\"name\" \"Maildock\")\r\na003 OK Completed\r\n",
                s.command("a003 ID (\"name\" \"sodr\" \"version\" \"19.34\")"));
        assertEquals(List.of("connect"), platform.calls);
    }

    @Test
    void logoutSaysByeThenOkAndCloses() throws Exception {
        ImapHarness s = connect();
        s.read();
        assertEquals("* BYE Logging out\r\nA023 OK Completed\r\n", s.command("A023 LOGOUT"));
        assertFalse(s.open());
    }

    @Test
    void aRefusingPlatformGetsBye() throws Exception {
        platform.verdict = ConnectVerdict.tryLater("mail.example.test", "busy");
        ImapHarness s = connect();
        assertEquals("* BYE [UNAVAILABLE] Service not available, try again later\r\n", s.read());
        assertFalse(s.open());
    }

    @Test
    void autologoutDefaultsToThirtyMinutes() throws Exception {
        assertEquals(Duration.ofMinutes(30), ImapSettings.defaults(ImapSettings.TlsMode.IMPLICIT).idleTimeout());
    }

    @Test
    void autologoutAfterTheIdleTimeout() throws Exception {
        // The deadline reads the real clock, not the embedded loop's: use a short real timeout.
        settings = settings.withIdleTimeout(Duration.ofMillis(200));
        ImapHarness s = loggedIn();
        s.advance(Duration.ZERO);
        assertTrue(s.open());
        Thread.sleep(400);
        s.advance(Duration.ofMillis(400));
        assertEquals("* BYE Idle for too long\r\n", s.read());
        assertFalse(s.open());
    }

    // ---------------------------------------------------------------- not authenticated (section 6.2)

    @Test
    void loginWithOneAnswerForUnknownUserAndWrongPassword() throws Exception {
        ImapHarness s = connect();
        s.read();
        assertEquals("a1 " + FAILED, s.command("a1 LOGIN kcope wrong"));
        assertEquals("a2 " + FAILED, s.command("a2 LOGIN nobody secret"));
        assertEquals("a3 " + LOGGED_IN, s.command("a3 LOGIN kcope secret"));
        assertEquals("* CAPABILITY " + AFTER_LOGIN + "\r\na4 OK Completed\r\n", s.command("a4 CAPABILITY"));
        assertEquals("a5 BAD [CLIENTBUG] Already authenticated\r\n", s.command("a5 LOGIN kcope secret"));
    }

    @Test
    void threeFailedLoginsEndTheSession() throws Exception {
        ImapHarness s = connect();
        s.read();
        assertEquals("a1 " + FAILED, s.command("a1 LOGIN kcope wrong"));
        assertEquals("a2 " + FAILED, s.command("a2 AUTHENTICATE PLAIN " + base64("\0kcope\0bad")));
        assertEquals("a3 " + FAILED + "* BYE Too many failed logins\r\n", s.command("a3 LOGIN kcope wrong"));
        assertFalse(s.open());
    }

    @Test
    void aFailedLoginIsAnsweredAfterTheDelayWithNothingFramedMeanwhile() throws Exception {
        settings = settings.withFailedLoginDelay(Duration.ofSeconds(2));
        ImapHarness s = connect();
        s.read();
        assertEquals("", s.command("a1 LOGIN kcope wrong\r\na2 NOOP"));
        s.advance(Duration.ofSeconds(2));
        assertEquals("a1 " + FAILED + "a2 OK Completed\r\n", s.read());
    }

    @Test
    void authenticatePlainWithAContinuation() throws Exception {
        ImapHarness s = connect();
        s.read();
        assertEquals("+ \r\n", s.command("a001 AUTHENTICATE PLAIN"));
        assertEquals("a001 " + LOGGED_IN, s.command(base64("\0kcope\0secret")));
        assertEquals(List.of("connect", "login PLAIN kcope"), platform.calls);
    }

    @Test
    void authenticatePlainWithAnInitialResponse() throws Exception {
        ImapHarness s = connect();
        s.read();
        assertEquals("a1 " + LOGGED_IN, s.command("a1 AUTHENTICATE PLAIN " + base64("kcope\0kcope\0secret")));
    }

    @Test
    void authenticateLoginAsksForNameAndPassword() throws Exception {
        ImapHarness s = connect();
        s.read();
        assertEquals("+ VXNlcm5hbWU6\r\n", s.command("a1 AUTHENTICATE LOGIN"));
        assertEquals("+ UGFzc3dvcmQ6\r\n", s.command(base64("kcope")));
        assertEquals("a1 " + LOGGED_IN, s.command(base64("secret")));
    }

    @Test
    void anExchangeIsCancelledWithAStarAndBadResponsesAreBad() throws Exception {
        ImapHarness s = connect();
        s.read();
        s.command("a1 AUTHENTICATE PLAIN");
        assertEquals("a1 BAD Authentication cancelled\r\n", s.command("*"));
        s.command("a2 AUTHENTICATE PLAIN");
        assertEquals("a2 BAD [CLIENTBUG] Invalid SASL response\r\n", s.command("not base64!"));
        assertEquals("a3 NO [CANNOT] Unsupported authentication mechanism\r\n", s.command("a3 AUTHENTICATE CRAM-MD5"));
        assertEquals("a4 OK Completed\r\n", s.command("a4 NOOP"));
    }

    @Test
    void noPasswordInClearFromAnotherHost() throws Exception {
        ImapHarness s = connect(new InetSocketAddress(loopback2(), 50143));
        assertEquals("* OK [CAPABILITY IMAP4rev1 IMAP4rev2 LITERAL+ ID LOGINDISABLED] Maildock IMAP4rev2 server ready\r\n",
                s.read());
        assertEquals("a1 NO [CANNOT] Use STARTTLS first\r\n", s.command("a1 LOGIN kcope secret"));
        assertEquals("a2 NO [CANNOT] Use STARTTLS first\r\n", s.command("a2 AUTHENTICATE PLAIN"));
        assertEquals("a3 NO [CANNOT] STARTTLS is not available\r\n", s.command("a3 STARTTLS"));
        assertEquals(List.of("connect"), platform.calls);
    }

    @Test
    void startTlsDiscardsWhatWasPipelinedAfterIt() throws Exception {
        sslContext = tls.server();
        ImapHarness s = connect(new InetSocketAddress(loopback2(), 50143));
        assertEquals("* OK [CAPABILITY IMAP4rev1 IMAP4rev2 LITERAL+ ID STARTTLS LOGINDISABLED] "
                + "Maildock IMAP4rev2 server ready\r\n", s.read());
        assertEquals("a1 OK Begin TLS negotiation now\r\n", s.command("a1 STARTTLS\r\na2 LOGIN kcope secret"));
        s.startTls(tls.client());
        assertTrue(s.tlsHandshakeDone());
        assertEquals("", s.read(), "the LOGIN sent in clear after STARTTLS is not acted on");
        assertEquals("* CAPABILITY " + BEFORE_LOGIN + "\r\na3 OK Completed\r\n", s.command("a3 CAPABILITY"));
        assertEquals("a4 BAD [CLIENTBUG] TLS is already active\r\n", s.command("a4 STARTTLS"));
        assertEquals("a5 " + LOGGED_IN, s.command("a5 LOGIN kcope secret"));
        assertEquals(List.of("connect", "login LOGIN kcope"), platform.calls);
    }

    @Test
    void implicitTlsGreetsInsideTheHandshake() throws Exception {
        sslContext = tls.server();
        settings = ImapSettings.defaults(ImapSettings.TlsMode.IMPLICIT);
        ImapHarness s = connect(new InetSocketAddress(loopback2(), 50143));
        assertEquals("", s.read());
        s.startTls(tls.client());
        assertEquals(GREETING, s.read());
        assertEquals("a1 BAD [CLIENTBUG] TLS is already active\r\n", s.command("a1 STARTTLS"));
    }

    private static InetAddress loopback2() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 2});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- state rules, syntax, framing

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "SELECT INBOX | BAD [CLIENTBUG] Log in first",
        "LIST \"\" * | BAD [CLIENTBUG] Log in first",
        "ENABLE IMAP4rev2 | BAD [CLIENTBUG] Log in first",
        "FETCH 1 FLAGS | BAD [CLIENTBUG] Log in first",
        "CLOSE | BAD [CLIENTBUG] Log in first",
        "IDLE | BAD [CLIENTBUG] Log in first"})
    void beforeLoginOnlyTheFirstStatesCommands(String command, String answer) throws Exception {
        ImapHarness s = connect();
        s.read();
        assertEquals("t1 " + answer + "\r\n", s.command("t1 " + command));
        assertEquals(List.of("connect"), platform.calls);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "FETCH 1 FLAGS", "STORE 1 +FLAGS (\\Seen)", "SEARCH ALL", "EXPUNGE", "CLOSE", "UNSELECT", "CHECK",
        "COPY 1 Sent", "UID FETCH 1 FLAGS"})
    void selectedStateCommandsNeedAMailbox(String command) throws Exception {
        ImapHarness s = loggedIn();
        assertEquals("t1 BAD [CLIENTBUG] No mailbox selected\r\n", s.command("t1 " + command));
    }

    @Test
    void aSyntaxErrorIsBadAndTheSessionGoesOn() throws Exception {
        ImapHarness s = connect();
        s.read();
        assertTrue(s.command("a1 FROB").startsWith("a1 BAD "));
        assertTrue(s.command("+++").startsWith("* BAD "));
        assertTrue(s.command("a2 LOGIN onlyone").startsWith("a2 BAD "));
        assertEquals("a3 OK Completed\r\n", s.command("a3 NOOP"));
    }

    @Test
    void pipelinedCommandsAreAnsweredInOrder() throws Exception {
        ImapHarness s = connect();
        s.read();
        String answer = s.command("a1 NOOP\r\na2 LOGIN kcope secret\r\na3 STATUS INBOX (MESSAGES)\r\na4 NOOP");
        assertEquals("a1 OK Completed\r\na2 " + LOGGED_IN + "* STATUS INBOX (MESSAGES 3)\r\na3 OK Completed\r\n"
                + "a4 OK Completed\r\n", answer);
    }

    @Test
    void pipelinedCommandsWaitForALatePlatform() throws Exception {
        QueuedWorkManager late = new QueuedWorkManager();
        dispatcher = platform.dispatcher(late);
        ImapHarness s = connect();
        late.runAll();
        s.settle();
        assertEquals(GREETING, s.read());
        assertEquals("", s.command("a1 LOGIN kcope secret\r\na2 NOOP"));
        assertEquals(List.of("connect"), platform.calls);
        late.runAll();
        s.settle();
        assertEquals("a1 " + LOGGED_IN + "a2 OK Completed\r\n", s.read());
    }

    @Test
    void synchronizingLiteralsGetAContinuationAndLiteralPlusNone() throws Exception {
        ImapHarness s = connect();
        s.read();
        assertEquals("+ Ready for literal data\r\n", s.command("a1 LOGIN {5}"));
        assertEquals("+ Ready for literal data\r\n", s.command("kcope {6}"));
        assertEquals("a1 " + LOGGED_IN, s.command("secret"));
        ImapHarness plus = connect();
        plus.read();
        assertEquals("a1 " + LOGGED_IN, plus.command("a1 LOGIN {5+}\r\nkcope {6+}\r\nsecret"));
    }

    @Test
    void anAppendLiteralBeforeLoginIsRefusedUnread() throws Exception {
        ImapHarness s = connect();
        s.read();
        assertEquals("a1 BAD [CLIENTBUG] Log in first\r\n", s.command("a1 APPEND INBOX {20}"));
        assertEquals("a2 OK Completed\r\n", s.command("a2 NOOP"));
    }

    @Test
    void overLimitCommandsAreRefused() throws Exception {
        ImapHarness s = loggedIn();
        assertEquals("a1 BAD [TOOBIG] Command line too long\r\n", s.command("a1 NOOP " + "x".repeat(70_000)));
        assertEquals("a2 NO [TOOBIG] Message larger than APPENDLIMIT\r\n",
                s.command("a2 APPEND INBOX {" + (50L * 1024 * 1024 + 1) + "}"));
        assertEquals("a3 BAD [TOOBIG] Literal too large\r\n", s.command("a3 LOGIN {70000}"));
        assertEquals("a4 OK Completed\r\n", s.command("a4 NOOP"));
    }

    // ---------------------------------------------------------------- authenticated (section 6.3)

    @Test
    void enableReportsWhatItTurnedOn() throws Exception {
        ImapHarness s = loggedIn();
        assertEquals("* ENABLED IMAP4rev2\r\nt1 OK Completed\r\n", s.command("t1 ENABLE IMAP4rev2 X-UNKNOWN"));
        assertEquals("* ENABLED\r\nt2 OK Completed\r\n", s.command("t2 ENABLE IMAP4rev2"));
    }

    @Test
    void selectInAnImap4rev1Session() throws Exception {
        ImapHarness s = loggedIn();
        assertEquals("* FLAGS " + FLAGS + "\r\n"
                + "* 3 EXISTS\r\n"
                + "* 0 RECENT\r\n"
                + "* OK [UNSEEN 2] First unseen\r\n"
                + "* OK [UIDVALIDITY 1001] UIDs valid\r\n"
                + "* OK [UIDNEXT 4] Predicted next UID\r\n"
                + "* OK [PERMANENTFLAGS (\\Seen \\Answered \\Flagged \\Deleted \\Draft \\*)] Limited\r\n"
                + "A142 OK [READ-WRITE] SELECT completed\r\n", s.command("A142 SELECT INBOX"));
    }

    @Test
    void selectInAnImap4rev2SessionWithCondstore() throws Exception {
        ImapHarness s = loggedIn();
        s.command("e1 ENABLE IMAP4rev2");
        assertEquals("* FLAGS " + FLAGS + "\r\n"
                + "* 3 EXISTS\r\n"
                + "* OK [UIDVALIDITY 1001] UIDs valid\r\n"
                + "* OK [UIDNEXT 4] Predicted next UID\r\n"
                + "* OK [PERMANENTFLAGS (\\Seen \\Answered \\Flagged \\Deleted \\Draft \\*)] Limited\r\n"
                + "* OK [HIGHESTMODSEQ 4] Highest\r\n"
                + "* LIST () \"/\" INBOX\r\n"
                + "A142 OK [READ-WRITE] SELECT completed\r\n", s.command("A142 SELECT INBOX (CONDSTORE)"));
        assertTrue(s.command("A143 EXAMINE Sent").startsWith("* OK [CLOSED] Previous mailbox closed\r\n"));
    }

    @Test
    void examineIsReadOnlyAndAFailedSelectLeavesTheMailbox() throws Exception {
        ImapHarness s = loggedIn();
        String examine = s.command("A932 EXAMINE Sent");
        assertTrue(examine.contains("* 0 EXISTS\r\n"), examine);
        assertTrue(examine.contains("* OK [PERMANENTFLAGS ()] Limited\r\n"), examine);
        assertTrue(examine.endsWith("A932 OK [READ-ONLY] EXAMINE completed\r\n"), examine);
        assertEquals("A933 NO [NONEXISTENT] No such mailbox\r\n", s.command("A933 SELECT Nowhere"));
        assertEquals("A934 BAD [CLIENTBUG] No mailbox selected\r\n", s.command("A934 CHECK"));
    }

    @Test
    void createDeleteRenameAndSubscribe() throws Exception {
        ImapHarness s = loggedIn();
        assertEquals("A003 OK Completed\r\n", s.command("A003 CREATE owatagusiam/"));
        assertEquals("A004 NO [ALREADYEXISTS] Mailbox already exists\r\n", s.command("A004 CREATE Sent"));
        assertEquals("A005 OK Completed\r\n", s.command("A005 CREATE Archive (USE (\\Archive))"));
        assertEquals("A683 OK Completed\r\n", s.command("A683 RENAME Archive Old"));
        assertEquals("A684 NO [NONEXISTENT] No such mailbox\r\n", s.command("A684 DELETE Archive"));
        assertEquals("A685 NO [CANNOT] Not allowed for this mailbox\r\n", s.command("A685 DELETE INBOX"));
        assertEquals("A002 OK Completed\r\n", s.command("A002 SUBSCRIBE #news.comp.mail.mime"));
        assertEquals("A003 OK Completed\r\n", s.command("A003 UNSUBSCRIBE #news.comp.mail.mime"));
        assertTrue(platform.calls.contains("create owatagusiam/") || platform.calls.contains("create owatagusiam"));
    }

    @Test
    void listWithPatternsOptionsAndStatus() throws Exception {
        ImapHarness s = loggedIn();
        assertEquals("* LIST (\\Noselect) \"/\" \"\"\r\nA101 OK Completed\r\n", s.command("A101 LIST \"\" \"\""));
        assertEquals("* LIST (\\HasNoChildren) \"/\" INBOX\r\n"
                + "* LIST (\\Noselect \\HasChildren) \"/\" Projects\r\n"
                + "* LIST (\\HasNoChildren \\Sent) \"/\" Sent\r\n"
                + "A102 OK Completed\r\n", s.command("A102 LIST \"\" %"));
        assertEquals("* LIST (\\Subscribed \\HasNoChildren) \"/\" INBOX\r\n"
                + "* STATUS INBOX (MESSAGES 3 UNSEEN 2)\r\n"
                + "A103 OK Completed\r\n",
                s.command("A103 LIST (SUBSCRIBED) \"\" * RETURN (STATUS (MESSAGES UNSEEN))"));
        assertEquals("* LSUB () \"/\" INBOX\r\nA104 OK Completed\r\n", s.command("A104 LSUB \"\" *"));
    }

    @Test
    void statusNamespaceAndQuota() throws Exception {
        ImapHarness s = loggedIn();
        assertEquals("* STATUS INBOX (MESSAGES 3 UIDNEXT 4 UIDVALIDITY 1001 UNSEEN 2 DELETED 0 SIZE 72 "
                + "APPENDLIMIT 52428800 HIGHESTMODSEQ 4)\r\nA042 OK Completed\r\n",
                s.command("A042 STATUS INBOX (MESSAGES UIDNEXT UIDVALIDITY UNSEEN DELETED SIZE APPENDLIMIT "
                        + "HIGHESTMODSEQ)"));
        assertEquals("A043 NO [NONEXISTENT] No such mailbox\r\n", s.command("A043 STATUS Nowhere (MESSAGES)"));
        assertEquals("* NAMESPACE ((\"\" \"/\")) NIL NIL\r\nA044 OK Completed\r\n", s.command("A044 NAMESPACE"));
        assertEquals("* QUOTAROOT INBOX\r\nG1 OK Completed\r\n", s.command("G1 GETQUOTAROOT INBOX"));
        platform.quota = new QuotaUsage(10 * 1024 + 1, 512 * 1024);
        assertEquals("* QUOTAROOT INBOX \"\"\r\n* QUOTA \"\" (STORAGE 11 512)\r\nG2 OK Completed\r\n",
                s.command("G2 GETQUOTAROOT INBOX"));
        assertEquals("* QUOTA \"\" (STORAGE 11 512)\r\nG3 OK Completed\r\n", s.command("G3 GETQUOTA \"\""));
        assertEquals("G4 NO [NONEXISTENT] No such quota root\r\n", s.command("G4 GETQUOTA other"));
        assertEquals("S1 NO [NOPERM] Permission denied\r\n", s.command("S1 SETQUOTA \"\" (STORAGE 512)"));
    }

    @Test
    void rev1NamesAreModifiedUtf7AndRev2NamesUtf8() throws Exception {
        ImapHarness s = loggedIn();
        assertEquals("A1 OK Completed\r\n", s.command("A1 CREATE &AMQ-pfel"));
        assertEquals("* LIST (\\HasNoChildren) \"/\" &AMQ-pfel\r\nA2 OK Completed\r\n", s.command("A2 LIST \"\" &AMQ-*"));
        s.command("A3 ENABLE UTF8=ACCEPT");
        assertEquals("* LIST (\\HasNoChildren) \"/\" \"Äpfel\"\r\nA4 OK Completed\r\n", s.command("A4 LIST \"\" \"Ä*\""));
    }

    // ---------------------------------------------------------------- selected (sections 6.4, 7.4, 7.5)

    @Test
    void noopReportsChangesFromElsewhereExpungesFirst() throws Exception {
        ImapHarness s = selected();
        platform.remove("kcope", "INBOX", 2);
        platform.deliver("kcope", "INBOX", "Subject: four\r\n\r\nfourth\r\n");
        platform.setFlags("kcope", "INBOX", 3, SystemFlag.FLAGGED);
        assertEquals("* 2 EXPUNGE\r\n* 3 EXISTS\r\n* 1 RECENT\r\n* 2 FETCH (FLAGS (\\Flagged))\r\na1 OK Completed\r\n",
                s.command("a1 NOOP"));
        assertEquals("a2 OK Completed\r\n", s.command("a2 CHECK"));
    }

    @Test
    void recentMessagesBelongToTheFirstImap4rev1SessionThatSelects() throws Exception {
        platform.deliver("kcope", "INBOX", "Subject: four\r\n\r\nfourth\r\n");
        platform.deliver("kcope", "INBOX", "Subject: five\r\n\r\nfifth\r\n", SystemFlag.SEEN);
        ImapHarness rev2 = loggedIn();
        rev2.command("e1 ENABLE IMAP4rev2");
        String examined = rev2.command("e2 SELECT INBOX");
        assertFalse(examined.contains("RECENT"), examined);
        assertEquals("* 4 FETCH (FLAGS ())\r\ne3 OK Completed\r\n", rev2.command("e3 FETCH 4 FLAGS"),
                "IMAP4rev2 has no \\Recent, and its SELECT claims nothing");
        ImapHarness first = loggedIn();
        assertEquals("* STATUS INBOX (RECENT 2)\r\nr1 OK Completed\r\n", first.command("r1 STATUS INBOX (RECENT)"));
        assertTrue(first.command("r2 EXAMINE INBOX").contains("* 2 RECENT\r\n"), "EXAMINE claims nothing");
        assertTrue(first.command("r3 SELECT INBOX").contains("* 5 EXISTS\r\n* 2 RECENT\r\n"));
        assertEquals("* 4 FETCH (FLAGS (\\Recent))\r\n* 5 FETCH (FLAGS (\\Recent \\Seen))\r\nr4 OK Completed\r\n",
                first.command("r4 FETCH 3:5 FLAGS").replace("* 3 FETCH (FLAGS ())\r\n", ""));
        assertEquals("* SEARCH 4 5\r\nr5 OK Completed\r\n", first.command("r5 SEARCH RECENT"));
        assertEquals("* SEARCH 4\r\nr6 OK Completed\r\n", first.command("r6 SEARCH NEW"));
        assertEquals("* SEARCH 1 2 3\r\nr7 OK Completed\r\n", first.command("r7 SEARCH OLD"));
        ImapHarness second = loggedIn();
        assertTrue(second.command("r8 SELECT INBOX").contains("* 5 EXISTS\r\n* 0 RECENT\r\n"), "claimed by the first");
        platform.deliver("kcope", "INBOX", "Subject: six\r\n\r\nsixth\r\n");
        assertEquals("* 6 EXISTS\r\n* 1 RECENT\r\nr9 OK Completed\r\n", second.command("r9 NOOP"));
        assertEquals("* 6 EXISTS\r\n* 2 RECENT\r\nr10 OK Completed\r\n", first.command("r10 NOOP"),
                "the new message went to the session that asked first");
    }

    @Test
    void expungeAndCopyIntoTheSelectedMailboxSettleTheView() throws Exception {
        ImapHarness s = selected();
        platform.remove("kcope", "INBOX", 3);
        assertEquals("* 3 EXPUNGE\r\nx1 OK Completed\r\n", s.command("x1 EXPUNGE"), "another session's expunge");
        assertEquals("* 3 EXISTS\r\n* 1 RECENT\r\nx2 OK [COPYUID 1001 1 4] COPY completed\r\n",
                s.command("x2 COPY 1 INBOX"), "the copy is told before the OK");
    }

    @Test
    void idleSendsAnUpdateAsItArrivesAndEndsWithDone() throws Exception {
        ImapHarness s = selected();
        assertEquals("+ idling\r\n", s.command("A002 IDLE"));
        tick(s);
        assertEquals("", s.read());
        platform.deliver("kcope", "INBOX", "Subject: four\r\n\r\nfourth\r\n");
        tick(s);
        assertEquals("* 4 EXISTS\r\n* 1 RECENT\r\n", s.read());
        assertEquals("A002 OK Completed\r\n", s.command("DONE"));
        assertEquals("A003 OK Completed\r\n", s.command("A003 NOOP"));
    }

    @Test
    void aSelectedMailboxDeletedElsewhereEndsTheSessionWithBye() throws Exception {
        ImapHarness s = loggedIn();
        s.command("s0 SELECT Projects/Maildock");
        assertEquals("+ idling\r\n", s.command("A002 IDLE"));
        platform.delete("kcope", "Projects/Maildock");
        tick(s);
        assertEquals("* BYE Selected mailbox was deleted, have to disconnect\r\n", s.read());
        assertFalse(s.open(), "closed, not left hanging in an IDLE that can tell nothing");
        assertEquals(0, watcher.watching());
    }

    @Test
    void idleEndsWithBadOnAnythingButDone() throws Exception {
        ImapHarness s = selected();
        s.command("A002 IDLE");
        assertEquals("A002 BAD [CLIENTBUG] Expected DONE\r\n", s.command("A003 NOOP"));
        assertEquals("A004 OK Completed\r\n", s.command("A004 NOOP"));
    }

    @Test
    void aChangeSeenByTheWatcherIsToldBeforeTheNextAnswer() throws Exception {
        ImapHarness s = selected();
        platform.deliver("kcope", "INBOX", "Subject: four\r\n\r\nfourth\r\n");
        tick(s);
        assertEquals("", s.read());
        assertEquals("* 4 EXISTS\r\n* 1 RECENT\r\nA1 OK Completed\r\n", s.command("A1 STATUS Sent (MESSAGES)")
                .replace("* STATUS Sent (MESSAGES 0)\r\n", ""));
    }

    @Test
    void aSelectAnsweredAfterTheConnectionClosedLeavesTheWatcherNothing() throws Exception {
        QueuedWorkManager late = new QueuedWorkManager();
        dispatcher = platform.dispatcher(late);
        ImapHarness s = connect();
        s.send("a0 LOGIN kcope secret\r\ns0 SELECT INBOX\r\n");
        do {
            late.runAll();
            s.settle();
        } while (platform.calls.stream().noneMatch(call -> call.startsWith("login")));
        s.close(); // the client leaves while SELECT waits for the platform
        late.runAll();
        s.settle();
        assertTrue(platform.calls.contains("select INBOX"), platform.calls.toString());
        assertEquals(0, watcher.watching(), "nobody is left to cancel a registration made now");
    }

    @Test
    void closeExpungesSilentlyAndUnselectDoesNot() throws Exception {
        ImapHarness s = selected();
        platform.setFlags("kcope", "INBOX", 1, SystemFlag.DELETED);
        assertEquals("A341 OK Completed\r\n", s.command("A341 CLOSE"));
        assertEquals(2, platform.box("kcope", "INBOX").messages.size());
        s.command("s1 SELECT INBOX");
        platform.setFlags("kcope", "INBOX", 2, SystemFlag.DELETED);
        assertEquals("A342 OK Completed\r\n", s.command("A342 UNSELECT"));
        assertEquals(2, platform.box("kcope", "INBOX").messages.size());
        s.command("s2 EXAMINE INBOX");
        assertEquals("A343 OK Completed\r\n", s.command("A343 CLOSE"));
        assertEquals(2, platform.box("kcope", "INBOX").messages.size());
    }

    @Test
    void storeReportsTheNewFlagsAndExpungeRemovesTheDeleted() throws Exception {
        ImapHarness s = selected();
        assertEquals("* 2 FETCH (FLAGS (\\Deleted))\r\n* 3 FETCH (FLAGS (\\Deleted))\r\nA003 OK Completed\r\n",
                s.command("A003 STORE 2:3 +FLAGS (\\Deleted)"));
        assertEquals("* 1 FETCH (FLAGS (\\Seen \\Flagged) UID 1)\r\nA004 OK Completed\r\n",
                s.command("A004 UID STORE 1 +FLAGS (\\Flagged)"));
        assertEquals("A005 OK Completed\r\n", s.command("A005 STORE 1 -FLAGS.SILENT (\\Flagged)"));
        assertEquals("A006 BAD [CLIENTBUG] Message sequence number beyond the mailbox\r\n",
                s.command("A006 STORE 9 +FLAGS (\\Seen)"));
        assertEquals("* 2 EXPUNGE\r\n* 2 EXPUNGE\r\nA202 OK Completed\r\n", s.command("A202 EXPUNGE"));
        assertEquals(1, platform.box("kcope", "INBOX").messages.size());
    }

    @Test
    void conditionalStoreReportsTheModifiedMessages() throws Exception {
        ImapHarness s = selected();
        assertEquals("A1 OK [MODIFIED 1] Conditional STORE failed\r\n",
                s.command("A1 STORE 1 (UNCHANGEDSINCE 1) +FLAGS (\\Answered)"));
        assertEquals("* 2 FETCH (FLAGS (\\Answered) MODSEQ (5))\r\nA2 OK Completed\r\n",
                s.command("A2 STORE 2 (UNCHANGEDSINCE 4) +FLAGS (\\Answered)"));
    }

    @Test
    void aReadOnlyMailboxTakesNoChanges() throws Exception {
        ImapHarness s = loggedIn();
        s.command("e1 EXAMINE INBOX");
        assertEquals("A1 NO [READ-ONLY] Mailbox is read-only\r\n", s.command("A1 STORE 1 +FLAGS (\\Deleted)"));
        assertEquals("A2 NO [READ-ONLY] Mailbox is read-only\r\n", s.command("A2 EXPUNGE"));
        assertEquals("A3 NO [READ-ONLY] Mailbox is read-only\r\n", s.command("A3 MOVE 1 Sent"));
    }

    @Test
    void copyAndMoveReportCopyUid() throws Exception {
        ImapHarness s = selected();
        assertEquals("A003 OK [COPYUID 1002 2:3 1:2] COPY completed\r\n", s.command("A003 COPY 2:3 Sent"));
        assertEquals("A004 NO [TRYCREATE] No such mailbox\r\n", s.command("A004 COPY 1 Nowhere"));
        assertEquals("* OK [COPYUID 1002 2 3] Moved\r\n* 2 EXPUNGE\r\nA005 OK Completed\r\n",
                s.command("A005 UID MOVE 2 Sent"));
        assertEquals("* 2 FETCH (FLAGS (\\Flagged))\r\nA006 OK Completed\r\n",
                s.command("A006 STORE 2 FLAGS (\\Flagged)"));
    }

    @Test
    void searchAnswersInTheFormTheClientAskedFor() throws Exception {
        ImapHarness s = selected();
        assertEquals("* SEARCH 2 3\r\nA282 OK Completed\r\n", s.command("A282 SEARCH UNSEEN"));
        assertEquals("* ESEARCH (TAG \"A283\") UID MIN 1 MAX 3 ALL 1:3 COUNT 3\r\nA283 OK Completed\r\n",
                s.command("A283 UID SEARCH RETURN (MIN MAX ALL COUNT) 1:*"));
        assertEquals("* ESEARCH (TAG \"A284\") COUNT 0\r\nA284 OK Completed\r\n",
                s.command("A284 SEARCH RETURN (MIN COUNT) DRAFT"));
        assertEquals("A285 NO [BADCHARSET (US-ASCII UTF-8)] Unsupported charset\r\n",
                s.command("A285 SEARCH CHARSET KOI8-R ALL"));
        assertEquals("A286 OK Completed\r\n", s.command("A286 SEARCH RETURN (SAVE) UNSEEN"));
        assertEquals("* SEARCH 3\r\nA287 OK Completed\r\n", s.command("A287 UID SEARCH UID $ NOT 2"));
        s.command("e1 ENABLE IMAP4rev2");
        assertEquals("* ESEARCH (TAG \"A288\") ALL 1,3\r\nA288 OK Completed\r\n", s.command("A288 SEARCH NOT 2"));
    }

    @Test
    void expungesFromElsewhereWaitWhileACommandUsesSequenceNumbers() throws Exception {
        ImapHarness s = selected();
        platform.remove("kcope", "INBOX", 2);
        tick(s);
        assertEquals("* SEARCH 1 3\r\nA1 OK Completed\r\n", s.command("A1 SEARCH ALL"));
        assertEquals("* 2 EXPUNGE\r\nA2 OK Completed\r\n", s.command("A2 NOOP"));
        assertEquals("* SEARCH 1 2\r\nA3 OK Completed\r\n", s.command("A3 SEARCH ALL"));
    }

    @Test
    void appendWithASynchronizingLiteralAndMultiAppend() throws Exception {
        ImapHarness s = loggedIn();
        assertEquals("+ Ready for literal data\r\n", s.command("A003 APPEND Sent (\\Seen) {23}"));
        assertEquals("A003 OK [APPENDUID 1002 1] APPEND completed\r\n", s.command("Subject: hi\r\n\r\nHello!\r\n"));
        assertEquals("A004 OK [APPENDUID 1002 2:3] APPEND completed\r\n",
                s.command("A004 APPEND Sent {3+}\r\none \"7-Feb-1994 21:52:25 -0800\" {3+}\r\ntwo"));
        assertEquals("A005 NO [TRYCREATE] No such mailbox\r\n", s.command("A005 APPEND Nowhere {3+}\r\nabc"));
        assertEquals("Subject: hi\r\n\r\nHello!\r\n",
                new String(platform.box("kcope", "Sent").messages.get(1L).content, StandardCharsets.UTF_8));
        assertEquals(Set.of(SystemFlag.SEEN), platform.box("kcope", "Sent").messages.get(1L).flags);
        s.command("s1 SELECT INBOX");
        assertEquals("* 4 EXISTS\r\n* 1 RECENT\r\nA006 OK [APPENDUID 1001 4] APPEND completed\r\n",
                s.command("A006 APPEND INBOX {5+}\r\nhello"), "into the selected mailbox: EXISTS first");
    }

    /** RFC 3502 section 3: after a NO to a MULTIAPPEND, none of its messages is in the mailbox. */
    @Test
    void aMultiAppendStoresAllOrNone() throws Exception {
        ImapHarness s = loggedIn();
        platform.maxMessageSize = 5;
        platform.calls.clear();
        assertEquals("A1 NO [TOOBIG] Message too large\r\n", s.command("A1 APPEND Sent {3+}\r\none {6+}\r\nsecond"));
        assertTrue(platform.box("kcope", "Sent").messages.isEmpty(), "the first message is not kept");
        assertEquals(List.of("append Sent 2"), platform.calls, "one platform call for the whole command");
    }

    @Test
    void fetchDataItemsAsRfc9051Writes() throws Exception {
        ImapHarness s = selected();
        assertEquals("* 1 FETCH (FLAGS (\\Seen) RFC822.SIZE 23 INTERNALDATE \"17-Jul-1996 09:44:25 +0000\")\r\n"
                + "* 2 FETCH (FLAGS () RFC822.SIZE 24 INTERNALDATE \"17-Jul-1996 09:44:25 +0000\")\r\n"
                + "A654 OK Completed\r\n", s.command("A654 FETCH 1:2 (FLAGS RFC822.SIZE INTERNALDATE)"));
        assertEquals("* 2 FETCH (BODY[]<0> {7}\r\nSubject)\r\nA655 OK Completed\r\n",
                s.command("A655 FETCH 2 BODY.PEEK[]<0.7>"));
        assertEquals("* 2 FETCH (UID 2 BODY[HEADER] {16}\r\nSubject: two\r\n\r\n BODY[TEXT] {8}\r\nsecond\r\n)\r\n"
                + "A656 OK Completed\r\n", s.command("A656 UID FETCH 2 (BODY.PEEK[HEADER] BODY.PEEK[TEXT])"));
        assertEquals("* 2 FETCH (ENVELOPE (NIL \"two\" NIL NIL NIL NIL NIL NIL NIL NIL) BINARY.SIZE[1] 8)\r\n"
                + "A657 OK Completed\r\n", s.command("A657 FETCH 2 (ENVELOPE BINARY.SIZE[1])"));
        assertEquals("A658 BAD [CLIENTBUG] Message sequence number beyond the mailbox\r\n",
                s.command("A658 FETCH 4 FLAGS"));
    }

    @Test
    void aBodyFetchWithoutPeekSetsSeenAndSaysSo() throws Exception {
        ImapHarness s = selected();
        assertEquals("* 2 FETCH (BODY[TEXT] {8}\r\nsecond\r\n FLAGS (\\Seen))\r\nA1 OK Completed\r\n",
                s.command("A1 FETCH 2 BODY[TEXT]"));
        assertEquals("* 2 FETCH (BODY[TEXT] {8}\r\nsecond\r\n)\r\nA2 OK Completed\r\n",
                s.command("A2 FETCH 2 BODY[TEXT]"));
        assertTrue(platform.box("kcope", "INBOX").messages.get(2L).flags.contains(SystemFlag.SEEN));
        s.command("e1 EXAMINE INBOX");
        s.command("A3 FETCH 3 BODY[TEXT]");
        assertFalse(platform.box("kcope", "INBOX").messages.get(3L).flags.contains(SystemFlag.SEEN));
    }

    @Test
    void condstoreFetchesCarryModSeqAndChangedSinceFilters() throws Exception {
        ImapHarness s = selected();
        assertEquals("* 3 FETCH (FLAGS () MODSEQ (4))\r\n* OK [HIGHESTMODSEQ 4] Highest\r\nA1 OK Completed\r\n",
                s.command("A1 FETCH 1:* (FLAGS) (CHANGEDSINCE 3)"), "RFC 7162 3.1: the first CONDSTORE command says it");
        assertEquals("* 1 FETCH (UID 1 MODSEQ (2))\r\nA2 OK Completed\r\n", s.command("A2 UID FETCH 1 (UID)"));
    }

    @Test
    void qresyncTellsWhatVanishedAndChangedSinceTheClientsModSeq() throws Exception {
        ImapHarness s = loggedIn(); // INBOX: UIDs 1, 2, 3 with MODSEQ 2, 3, 4
        long uidValidity = platform.box("kcope", "INBOX").uidValidity;
        assertEquals("s1 BAD [CLIENTBUG] QRESYNC must be enabled first\r\n",
                s.command("s1 SELECT INBOX (QRESYNC (" + uidValidity + " 4))"), "RFC 7162 3.2.5");
        assertEquals("* ENABLED QRESYNC\r\ne1 OK Completed\r\n", s.command("e1 ENABLE QRESYNC"));
        // Offline, the client missed: 1 expunged (MODSEQ 5), 3 flagged (6), 4 delivered (7).
        platform.remove("kcope", "INBOX", 1);
        platform.setFlags("kcope", "INBOX", 3, SystemFlag.FLAGGED);
        platform.deliver("kcope", "INBOX", "Subject: four\r\n\r\nfourth\r\n");
        String known = s.command("s2 SELECT INBOX (QRESYNC (" + uidValidity + " 4 1:3))");
        assertTrue(known.startsWith("* FLAGS"), known);
        assertTrue(known.contains("* 3 EXISTS\r\n") && known.contains("[HIGHESTMODSEQ 7]"), known);
        assertTrue(known.endsWith("* VANISHED (EARLIER) 1\r\n* 2 FETCH (UID 3 FLAGS (\\Flagged) MODSEQ (6))\r\n"
                + "s2 OK [READ-WRITE] SELECT completed\r\n"), known);
        String all = s.command("s3 SELECT INBOX (QRESYNC (" + uidValidity + " 4))");
        assertTrue(all.startsWith("* OK [CLOSED]"), "RFC 7162 3.2.11: " + all);
        assertTrue(all.endsWith("* VANISHED (EARLIER) 1\r\n* 2 FETCH (UID 3 FLAGS (\\Flagged) MODSEQ (6))\r\n"
                + "* 3 FETCH (UID 4 FLAGS () MODSEQ (7))\r\ns3 OK [READ-WRITE] SELECT completed\r\n"), all);
        String current = s.command("s4 SELECT INBOX (QRESYNC (" + uidValidity + " 7 1:4))");
        assertFalse(current.contains("VANISHED") || current.contains("FETCH"), "nothing since 7: " + current);
        String otherValidity = s.command("s5 EXAMINE INBOX (QRESYNC (" + (uidValidity + 1) + " 4))");
        assertFalse(otherValidity.contains("VANISHED") || otherValidity.contains("FETCH"), otherValidity);
        assertTrue(otherValidity.endsWith("s5 OK [READ-ONLY] EXAMINE completed\r\n"), otherValidity);
        assertEquals("* VANISHED (EARLIER) 1\r\n* 2 FETCH (UID 3 FLAGS (\\Flagged) MODSEQ (6))\r\n"
                        + "* 3 FETCH (UID 4 FLAGS () MODSEQ (7))\r\nf1 OK Completed\r\n",
                s.command("f1 UID FETCH 1:* (FLAGS) (CHANGEDSINCE 4 VANISHED)"), "RFC 7162 3.2.6");
        assertEquals("* 3 FETCH (UID 4 FLAGS () MODSEQ (7))\r\nf2 OK Completed\r\n",
                s.command("f2 UID FETCH 4 (FLAGS) (CHANGEDSINCE 4 VANISHED)"), "only what the set names");
        assertEquals("* 2 FETCH (UID 3 FLAGS (\\Flagged) MODSEQ (6))\r\nf3 OK Completed\r\n",
                s.command("f3 FETCH 1:2 (FLAGS) (CHANGEDSINCE 4)"), "by number; with QRESYNC on, UID too");
    }

    @Test
    void qresyncWhileThePlatformCannotReadTheChangesStillTellsEveryChange() throws Exception {
        ImapHarness s = loggedIn();
        s.command("e1 ENABLE QRESYNC");
        long uidValidity = platform.box("kcope", "INBOX").uidValidity;
        platform.setFlags("kcope", "INBOX", 2, SystemFlag.FLAGGED); // MODSEQ 5
        platform.changesUnknown = true;
        String resync = s.command("s1 SELECT INBOX (QRESYNC (" + uidValidity + " 4))");
        assertTrue(resync.endsWith("* 2 FETCH (UID 2 FLAGS (\\Flagged) MODSEQ (5))\r\n"
                + "s1 OK [READ-WRITE] SELECT completed\r\n"), "all read, the changed one told: " + resync);
    }

    @Test
    void qresyncAfterThePrunedExpungeLogNamesEveryKnownUidTheMailboxLacks() throws Exception {
        for (int i = 0; i < 5; i++) {
            platform.deliver("kcope", "INBOX", "Subject: more\r\n\r\n" + i + "\r\n"); // UIDs 4..8
        }
        for (long uid : new long[] {2, 5, 6}) {
            platform.remove("kcope", "INBOX", uid);
        }
        platform.pruneExpungeLog("kcope", "INBOX");
        ImapHarness s = loggedIn();
        s.command("e1 ENABLE QRESYNC");
        long uidValidity = platform.box("kcope", "INBOX").uidValidity;
        String resync = s.command("s1 SELECT INBOX (QRESYNC (" + uidValidity + " 3 1:8))");
        assertTrue(resync.contains("* VANISHED (EARLIER) 2,5:6\r\n"), resync);
        String beyond = s.command("s2 SELECT INBOX (QRESYNC (" + uidValidity + " 3 1:20))");
        assertTrue(beyond.contains("* VANISHED (EARLIER) 2,5:6\r\n"), "never above the highest UID: " + beyond);
        assertTrue(s.command("f1 UID FETCH 1:4 (FLAGS) (CHANGEDSINCE 3 VANISHED)")
                .startsWith("* VANISHED (EARLIER) 2\r\n"));
    }

    @Test
    void onceQresyncIsOnExpungesAreToldAsVanishedWithTheModSeqTheyReached() throws Exception {
        ImapHarness s = selected();
        s.command("e1 ENABLE QRESYNC");
        assertEquals("* 3 FETCH (UID 3 FLAGS () MODSEQ (4))\r\nf0 OK Completed\r\n", s.command("f0 FETCH 3 (FLAGS)"),
                "RFC 7162 3.2.4: UID in every FETCH response");
        platform.setFlags("kcope", "INBOX", 3, SystemFlag.FLAGGED); // elsewhere: MODSEQ 5
        tick(s);
        assertEquals("* 3 FETCH (FLAGS (\\Flagged) UID 3 MODSEQ (5))\r\nn0 OK Completed\r\n", s.command("n0 NOOP"),
                "and in the unsolicited ones");
        s.command("t1 STORE 1:2 +FLAGS.SILENT (\\Deleted)");
        assertEquals("* VANISHED 1:2\r\nx1 OK [HIGHESTMODSEQ 9] EXPUNGE completed\r\n", s.command("x1 EXPUNGE"));
        platform.remove("kcope", "INBOX", 3); // elsewhere
        tick(s);
        assertEquals("* VANISHED 3\r\nn1 OK Completed\r\n", s.command("n1 NOOP"));
        assertEquals("x2 OK Completed\r\n", s.command("x2 EXPUNGE"), "nothing expunged, no MODSEQ to tell");
    }

    @Test
    void aSearchWithAModSeqKeyAnswersTheHighestModSeqOfWhatItNames() throws Exception {
        ImapHarness s = selected(); // messages 1, 2, 3 with MODSEQ 2, 3, 4
        assertEquals("* SEARCH 1 2 3 (MODSEQ 4)\r\n* OK [HIGHESTMODSEQ 4] Highest\r\nm1 OK Completed\r\n",
                s.command("m1 SEARCH MODSEQ 1"), "RFC 7162 3.1.5, and it turns CONDSTORE on");
        assertEquals("* ESEARCH (TAG \"m2\") MIN 1 MODSEQ 2\r\nm2 OK Completed\r\n",
                s.command("m2 SEARCH RETURN (MIN) MODSEQ 1"), "MIN alone: its own MODSEQ");
        assertEquals("* ESEARCH (TAG \"m3\") MIN 1 MAX 2 MODSEQ 3\r\nm3 OK Completed\r\n",
                s.command("m3 SEARCH RETURN (MIN MAX) 1:2 MODSEQ 1"));
        assertEquals("* ESEARCH (TAG \"m4\") COUNT 3 MODSEQ 4\r\nm4 OK Completed\r\n",
                s.command("m4 SEARCH RETURN (COUNT) MODSEQ 1"));
        assertEquals("* SEARCH 1 2 3\r\nm5 OK Completed\r\n", s.command("m5 SEARCH ALL"), "no MODSEQ key, no MODSEQ");
    }

    @Test
    void aFetchOfFlagsAloneReadsLargerSlices() throws Exception {
        for (int i = 0; i < 600; i++) {
            platform.deliver("kcope", "INBOX", "Subject: bulk\r\n\r\n" + i + "\r\n");
        }
        ImapHarness s = selected();
        platform.calls.clear();
        String all = s.command("A1 UID FETCH 1:* (UID FLAGS RFC822.SIZE)");
        assertTrue(all.endsWith("* 603 FETCH (UID 603 FLAGS (\\Recent) RFC822.SIZE 22)\r\nA1 OK Completed\r\n"), all);
        assertEquals(List.of("fetch 1:603"), platform.calls, "one call, not three of 256");
    }

    @Test
    void aLargeFetchGoesInSlicesAndWaitsForTheSocketToDrain() throws Exception {
        for (int i = 0; i < 600; i++) {
            platform.deliver("kcope", "INBOX", "Subject: bulk\r\n\r\n" + i + "\r\n");
        }
        QueuedWorkManager late = new QueuedWorkManager();
        ImapHarness s = selected(late);
        s.send("A1 UID FETCH 1:* (UID FLAGS ENVELOPE)\r\nA2 NOOP\r\n");
        // The socket fills up while the platform reads the first slice.
        s.server.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        answer(late, s);
        String first = s.read();
        assertEquals(FetchResponder.SLICE, first.split("\r\n").length, "one slice, then nothing until writable");
        assertTrue(first.contains("* 256 FETCH (UID 256 FLAGS () ENVELOPE ("), first.substring(first.length() - 80));
        assertEquals(List.of("fetch 1:256"), platform.calls);
        s.server.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
        s.settle();
        answer(late, s);
        String rest = s.read();
        assertTrue(rest.startsWith("* 257 FETCH (UID 257 FLAGS () ENVELOPE ("), rest.substring(0, 40));
        assertTrue(rest.contains("* 603 FETCH (UID 603 FLAGS () ENVELOPE (")
                && rest.endsWith("\r\nA1 OK Completed\r\nA2 OK Completed\r\n"));
        assertEquals(List.of("fetch 1:256", "fetch 257:512", "fetch 513:603", "changes 1 604"), platform.calls);
    }

    @Test
    void aKeywordSetElsewhereIsAnnouncedInFlagsBeforeAFetchShowsIt() throws Exception {
        ImapHarness s = selected();
        // Another session's STORE, not yet told to this one (its watcher has not ticked).
        platform.box("kcope", "INBOX").messages.get(2L).keywords = List.of("$Label1");
        assertEquals("* FLAGS (\\Seen \\Answered \\Flagged \\Deleted \\Draft $Label1)\r\n"
                + "* 2 FETCH (FLAGS ($Label1))\r\nf1 OK Completed\r\n", s.command("f1 FETCH 2 FLAGS"));
        assertEquals("* 2 FETCH (FLAGS ($Label1))\r\nf2 OK Completed\r\n", s.command("f2 FETCH 2 FLAGS"), "once");
    }

    @Test
    void aLongFetchToAClientThatReadsIsNeverTakenForAClientThatDoesNot() throws Exception {
        for (int i = 0; i < 30; i++) {
            platform.deliver("kcope", "INBOX", large("bulk " + i, 100_000));
        }
        QueuedWorkManager late = new QueuedWorkManager();
        ImapHarness s = selected(late);
        // As a kernel that takes 64 KiB at a time: every big write leaves the socket full.
        s.server.pipeline().addFirst(new ChannelOutboundHandlerAdapter() {
            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                if (msg instanceof ByteBuf octets && octets.readableBytes() > SessionChannel.WATER_MARK.high()) {
                    ctx.channel().unsafe().outboundBuffer().setUserDefinedWritability(1, false);
                }
                ctx.write(msg, promise);
            }
        });
        s.send("A1 UID FETCH 1:* (BODY.PEEK[])\r\n");
        StringBuilder received = new StringBuilder();
        for (int drained = 0; !received.toString().endsWith("A1 OK Completed\r\n"); drained++) {
            answer(late, s);
            received.append(s.read());
            assertTrue(s.open(), "cut after " + received.length() + " octets");
            assertTrue(drained < 100, "no end in sight");
            s.server.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
            s.settle();
        }
        assertEquals(30, received.toString().split(" FETCH \\(UID \\d+ BODY\\[] \\{100000}\r\n", -1).length - 1);
        assertTrue(received.length() > 3_000_000, "3 MB of messages, well past the 1 MiB a non-reader may get");
    }

    @Test
    void largeMessagesStreamInChunksEachReadOnlyOnceTheSocketDrained() throws Exception {
        String[] contents = {large("four", 600_000), large("five", 300_000), large("six", 700_000)};
        for (String content : contents) {
            platform.deliver("kcope", "INBOX", content);
        }
        QueuedWorkManager late = new QueuedWorkManager();
        ImapHarness s = selected(late);
        s.send("A1 UID FETCH 4:6 (UID BODY.PEEK[])\r\n");
        s.server.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        StringBuilder received = new StringBuilder();
        for (int drained = 0; !received.toString().endsWith("A1 OK Completed\r\n"); drained++) {
            answer(late, s);
            received.append(s.read());
            assertTrue(drained < 20, "no end in sight: " + platform.calls);
            int calls = platform.calls.size();
            answer(late, s);
            assertEquals(calls, platform.calls.size(), "nothing more is read while the socket is full");
            // The socket drains: one more read, no more, until it drains again.
            s.server.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
            s.settle();
            s.server.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
            s.settle();
            assertTrue(platform.calls.size() - calls <= 1, platform.calls.toString());
        }
        StringBuilder expected = new StringBuilder();
        List<String> reads = new ArrayList<>(List.of("fetch 4:6"));
        for (int i = 0; i < contents.length; i++) {
            int uid = 4 + i;
            expected.append("* ").append(uid).append(" FETCH (UID ").append(uid).append(" BODY[] {")
                    .append(contents[i].length()).append("}\r\n").append(contents[i]).append(")\r\n");
            reads.addAll(reads(uid, 0, contents[i].length()));
        }
        assertEquals(expected + "A1 OK Completed\r\n", received.toString());
        assertEquals(reads, platform.calls);
    }

    /**
     * Content that came with the fetch, asked for more than a chunk's worth (items named again and
     * again, or many messages in a slice), goes out a chunk at a time as the socket drains too.
     */
    @Test
    void contentAtHandGoesOutAChunkAtATimeAsTheSocketDrains() throws Exception {
        String twice = large("twice", 200_000);
        platform.deliver("kcope", "INBOX", twice);
        String[] slice = {large("five", 100_000), large("six", 100_000), large("seven", 100_000)};
        for (String content : slice) {
            platform.deliver("kcope", "INBOX", content);
        }
        ImapHarness s = selected();
        platform.calls.clear();
        s.server.pipeline().addFirst(new ChannelOutboundHandlerAdapter() {
            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                ctx.write(msg, promise);
                ctx.channel().unsafe().outboundBuffer().setUserDefinedWritability(1, false); // the socket is full
            }
        });
        s.send("A1 FETCH 4 (BODY.PEEK[] BODY.PEEK[TEXT] BODY.PEEK[])\r\n");
        String text = twice.substring(twice.indexOf("\r\n\r\n") + 4);
        assertEquals("* 4 FETCH (BODY[] {200000}\r\n" + twice + " BODY[TEXT] {" + text.length() + "}\r\n" + text
                + " BODY[] {200000}\r\n" + twice + ")\r\nA1 OK Completed\r\n",
                drain(s, "A1", ContentStream.CHUNK + 50));
        s.send("A2 FETCH 5:7 BODY.PEEK[]\r\n");
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < slice.length; i++) {
            expected.append("* ").append(5 + i).append(" FETCH (BODY[] {100000}\r\n").append(slice[i]).append(")\r\n");
        }
        assertEquals(expected + "A2 OK Completed\r\n", drain(s, "A2", ContentStream.CHUNK + 100_050));
        assertEquals(List.of("fetch 4:4", "fetch 5:7"), platform.calls, "the contents came with the fetch");
    }

    /** What the session sends until {@code tag}'s answer, one write per drained socket, none over {@code most}. */
    private static String drain(ImapHarness s, String tag, int most) {
        StringBuilder received = new StringBuilder();
        for (int drained = 0; !received.toString().endsWith(tag + " OK Completed\r\n"); drained++) {
            List<String> writes = s.writes();
            assertTrue(writes.size() <= 1 && drained < 20, writes.size() + " writes, " + drained + " drains");
            writes.forEach(write -> assertTrue(write.length() <= most, write.length() + " octets at once"));
            writes.forEach(received::append);
            s.server.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
            s.settle();
        }
        return received.toString();
    }

    @Test
    void aPartialOfALargeMessageReadsOnlyItsRange() throws Exception {
        String content = large("partial", 600_000);
        long uid = platform.deliver("kcope", "INBOX", content);
        ImapHarness s = selected();
        platform.calls.clear();
        assertEquals("* 4 FETCH (UID 4 BODY[]<300000> {100}\r\n" + content.substring(300_000, 300_100)
                + ")\r\nA1 OK Completed\r\n", s.command("A1 UID FETCH 4 BODY.PEEK[]<300000.100>"));
        assertEquals(List.of("fetch 4:4", "read " + uid + " 300000 100"), platform.calls);
    }

    /**
     * A large multipart message: a short text part and a base64 attachment whose octets hold NULs.
     * Each section reads only its own range; BINARY decodes it chunk by chunk.
     */
    @Test
    void aSectionOfALargeMultipartMessageReadsOnlyThePartsRange() throws Exception {
        byte[] attachment = new byte[400_000];
        for (int i = 0; i < attachment.length; i++) {
            attachment[i] = (byte) (i % 100 == 99 ? 0 : 'a' + i % 26);
        }
        String header = "Subject: parts\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n";
        String first = "Content-Type: text/plain\r\n\r\n";
        String second = "Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n";
        String encoded = Base64.getMimeEncoder().encodeToString(attachment);
        String content = header + "--b\r\n" + first + "hello\r\n--b\r\n" + second + encoded + "\r\n--b--\r\n";
        long uid = platform.deliver("kcope", "INBOX", content);
        int part1 = header.length() + 5;
        int body1 = part1 + first.length();
        int part2 = body1 + 5 + 7;
        int body2 = part2 + second.length();
        BodyPart text = part("text", "plain", null, part1, body1, body1 + 5, List.of());
        BodyPart binary = part("application", "octet-stream", "base64", part2, body2, body2 + encoded.length(),
                List.of());
        BodyPart mixed = part("multipart", "mixed", null, 0, header.length(), content.length(), List.of(text, binary));
        platform.box("kcope", "INBOX").messages.get(uid).structure = new MessageStructure(
                new EnvelopeFields(null, "parts", List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                        null, null), mixed);
        ImapHarness s = selected();
        platform.calls.clear();
        assertEquals("* 4 FETCH (BODY[1] {5}\r\nhello BODY[HEADER.FIELDS (SUBJECT)] {18}\r\nSubject: parts\r\n\r\n"
                + " BINARY.SIZE[2] 400000)\r\nA1 OK Completed\r\n",
                s.command("A1 FETCH 4 (BODY.PEEK[1] BODY.PEEK[HEADER.FIELDS (SUBJECT)] BINARY.SIZE[2])"));
        List<String> reads = new ArrayList<>(List.of("fetch 4:4", "read 4 " + body1 + " 5",
                "read 4 0 " + header.length()));
        reads.addAll(reads(4, body2, body2 + encoded.length()));
        assertEquals(reads, platform.calls);
        String decoded = new String(attachment, StandardCharsets.US_ASCII);
        assertEquals("* 4 FETCH (BINARY[2] ~{400000}\r\n" + decoded + ")\r\nA2 OK Completed\r\n",
                s.command("A2 FETCH 4 BINARY.PEEK[2]"));
        assertEquals("* 4 FETCH (BINARY[2]<1000> {20}\r\n" + decoded.substring(1000, 1020)
                + ")\r\nA3 OK Completed\r\n", s.command("A3 FETCH 4 BINARY.PEEK[2]<1000.20>"), "no NUL among them");
    }

    @Test
    void aLargeMessageExpungedBeforeItsContentIsReadIsLeftOut() throws Exception {
        platform.deliver("kcope", "INBOX", large("gone", 300_000));
        String kept = large("kept", 300_000);
        platform.deliver("kcope", "INBOX", kept);
        ImapHarness s = selected();
        platform.afterFetch = () -> platform.remove("kcope", "INBOX", 4);
        String three = "Subject: three\r\n\r\nthird\r\n";
        assertEquals("* 3 FETCH (UID 3 BODY[] {" + three.length() + "}\r\n" + three + ")\r\n"
                + "* 5 FETCH (UID 5 BODY[] {300000}\r\n" + kept + ")\r\nA1 OK Completed\r\n",
                s.command("A1 UID FETCH 3:5 BODY.PEEK[]"));
        platform.afterFetch = () -> platform.remove("kcope", "INBOX", 5);
        assertEquals("* 3 FETCH (UID 3 BODY[HEADER.FIELDS (SUBJECT)] {18}\r\nSubject: three\r\n\r\n)\r\n"
                + "A2 OK Completed\r\n", s.command("A2 UID FETCH 3:5 BODY.PEEK[HEADER.FIELDS (SUBJECT)]"),
                "read with the slice");
    }

    /** A first sync asks every message's header fields: a large message's come in its slice's platform call. */
    @Test
    void smallReadsOfLargeMessagesComeWithTheirSlice() throws Exception {
        for (String subject : List.of("four", "five", "six")) {
            platform.deliver("kcope", "INBOX", large(subject, 300_000));
        }
        QueuedWorkManager late = new QueuedWorkManager();
        ImapHarness s = selected(late);
        s.send("A1 UID FETCH 1:* (UID BODY.PEEK[HEADER.FIELDS (SUBJECT)] BODY.PEEK[]<0.8>)\r\n");
        assertEquals(1, late.runAll(), "one platform call");
        s.settle();
        assertEquals(0, late.runAll());
        String response = s.read();
        assertTrue(response.endsWith("* 6 FETCH (UID 6 BODY[HEADER.FIELDS (SUBJECT)] {16}\r\nSubject: six\r\n\r\n"
                + " BODY[]<0> {8}\r\nSubject:)\r\nA1 OK Completed\r\n"), response);
        assertEquals(List.of("fetch 1:6", "read 4 0 17", "read 4 0 8", "read 5 0 17", "read 5 0 8", "read 6 0 16",
                "read 6 0 8"), platform.calls, "the header (with its blank line) and the partial of each");
    }

    @Test
    void aFailedReadIsNoBeforeTheResponseBeganAndACutConnectionAfter() throws Exception {
        String content = large("broken", 600_000);
        platform.deliver("kcope", "INBOX", content);
        ImapHarness s = selected();
        platform.readsLeft = 0;
        assertEquals("* 3 FETCH (UID 3 BODY[TEXT] {7}\r\nthird\r\n)\r\n"
                + "A1 NO [UNAVAILABLE] Temporarily unavailable, try again later\r\n",
                s.command("A1 UID FETCH 3:4 BODY.PEEK[TEXT]"), "nothing of message 4");
        assertEquals("A2 OK Completed\r\n", s.command("A2 NOOP"));
        platform.readsLeft = 1;
        String cut = s.command("A3 UID FETCH 4 BODY.PEEK[]");
        assertEquals("* 4 FETCH (UID 4 BODY[] {600000}\r\n" + content.substring(0, ContentStream.CHUNK), cut);
        assertFalse(s.open(), "the client learns that the literal ends early");
    }

    /** RFC 3516: NO [UNKNOWN-CTE] after the messages before, nothing of the one it concerns. */
    @Test
    void anUnknownEncodingEndsTheFetchWithoutAHalfResponse() throws Exception {
        String content = large("uuencoded", 300_000);
        long uid = platform.deliver("kcope", "INBOX", content);
        platform.box("kcope", "INBOX").messages.get(3L).structure = uuencoded(25, 18);
        platform.box("kcope", "INBOX").messages.get(uid).structure = uuencoded(content.length(), 23);
        ImapHarness s = selected();
        String unknown = "NO [UNKNOWN-CTE] Unknown Content-Transfer-Encoding\r\n";
        assertEquals("* 2 FETCH (UID 2 BINARY[1] {8}\r\nsecond\r\n)\r\nA1 " + unknown,
                s.command("A1 FETCH 2:3 (UID BINARY.PEEK[1])"));
        assertEquals("A2 " + unknown, s.command("A2 FETCH 4 (UID BINARY.PEEK[1])"));
        assertEquals("A3 OK Completed\r\n", s.command("A3 NOOP"));
    }

    private static MessageStructure uuencoded(long size, long bodyStart) {
        return new MessageStructure(new EnvelopeFields(null, null, List.of(), List.of(), List.of(), List.of(),
                List.of(), List.of(), null, null), part("text", "plain", "x-uuencode", 0, bodyStart, size, List.of()));
    }

    /** A message of {@code size} octets: a subject and numbered lines, so that a misplaced chunk shows. */
    private static String large(String subject, int size) {
        StringBuilder content = new StringBuilder("Subject: ").append(subject).append("\r\n\r\n");
        for (int line = 0; content.length() < size; line++) {
            content.append(String.format("%08d the quick brown fox jumps over the lazy dog\r\n", line));
        }
        return content.substring(0, size);
    }

    /** The platform reads of the stored octets {@code [from, to)}, a chunk at a time. */
    private static List<String> reads(long uid, long from, long to) {
        List<String> reads = new ArrayList<>();
        for (long at = from; at < to; at += ContentStream.CHUNK) {
            reads.add("read " + uid + " " + at + " " + Math.min(ContentStream.CHUNK, to - at));
        }
        return reads;
    }

    private static BodyPart part(String type, String subtype, String encoding, long headerStart, long bodyStart,
            long end, List<BodyPart> parts) {
        return new BodyPart(type, subtype, List.of(), null, null, encoding, end - bodyStart, -1, null, null,
                List.of(), null, parts, null, headerStart, bodyStart, end);
    }

    /** A session with INBOX selected (its messages \Recent to nobody) on a platform that answers late. */
    private ImapHarness selected(QueuedWorkManager late) throws Exception {
        platform.box("kcope", "INBOX").firstRecentUid = platform.box("kcope", "INBOX").uidNext;
        dispatcher = platform.dispatcher(late);
        ImapHarness s = connect();
        s.send("a0 LOGIN kcope secret\r\ns0 SELECT INBOX\r\n");
        answer(late, s);
        assertTrue(s.read().endsWith("s0 OK [READ-WRITE] SELECT completed\r\n"));
        platform.calls.clear();
        return s;
    }

    /** Lets a late platform answer everything asked, and what that makes the session ask next. */
    private static void answer(QueuedWorkManager late, ImapHarness s) {
        do {
            s.settle();
        } while (late.runAll() > 0);
        s.settle();
    }

    @Test
    void anAnswerTheSessionCannotUseIsNoAndTheSessionGoesOn() throws Exception {
        ImapHarness s = selected();
        platform.searchFails = true;
        assertEquals("A1 NO [UNAVAILABLE] Temporarily unavailable, try again later\r\n", s.command("A1 SEARCH ALL"));
        assertEquals("A2 OK Completed\r\n", s.command("A2 NOOP"));
    }

    /** imaptest's "atoms": a name with every atom character, an invalid modified UTF-7 run among them, is no mailbox. */
    @Test
    void aNameWithAnInvalidModifiedUtf7RunIsNoMailboxNotABadCommand() throws Exception {
        ImapHarness s = loggedIn();
        assertTrue(s.command("a1 SELECT !#$&'+,-.0123456789:;<=>?@^_`|[}").startsWith("a1 NO "));
        assertEquals("a2 OK Completed\r\n", s.command("a2 LIST \"\" !#$&'+,-.0123456789:;<=>?@^_`|[}%*"));
    }
}
