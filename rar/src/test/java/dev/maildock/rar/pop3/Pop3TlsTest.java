package dev.maildock.rar.pop3;

import dev.maildock.rar.testing.TestTls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** STLS (RFC 2595), implicit TLS and AUTH PLAIN (RFC 5034), with real TLS handshakes. */
class Pop3TlsTest {

    private static TestTls tls;

    private final InMemoryPop3Platform platform = new InMemoryPop3Platform();
    private final List<Pop3Harness> sessions = new ArrayList<>();

    @BeforeAll
    static void certificate(@TempDir Path dir) throws Exception {
        tls = TestTls.create(dir);
    }

    @BeforeEach
    void maildrop() {
        platform.addAccount("kcope", "secret");
        platform.deliver("kcope", "uid-0001", Messages.ofSize(120, "Subject: one", "", "hello"));
    }

    @AfterEach
    void closeSessions() {
        sessions.forEach(Pop3Harness::close);
    }

    private Pop3Harness connect(Pop3Settings.TlsMode mode) throws Exception {
        Pop3Settings settings = Pop3Settings.defaults(mode).withFailedLoginDelay(Duration.ZERO);
        Pop3Harness session = new Pop3Harness(
                new Pop3ChannelInitializer("pop3", platform.dispatcher(), settings, tls.server()));
        sessions.add(session);
        return session;
    }

    private static String plain(String authzid, String user, String password) {
        return Base64.getEncoder().encodeToString((authzid + "\0" + user + "\0" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void capaBeforeStlsOffersStlsButNoSasl() throws Exception {
        Pop3Harness s = connect(Pop3Settings.TlsMode.STLS);
        s.read();
        assertEquals("+OK Capability list follows\r\nUSER\r\nTOP\r\nUIDL\r\nPIPELINING\r\nRESP-CODES\r\n"
                + "AUTH-RESP-CODE\r\nSTLS\r\nEXPIRE NEVER\r\nIMPLEMENTATION Maildock\r\n.\r\n", s.command("CAPA"));
    }

    @Test
    void stlsUpgradesAndCapaThenOffersSaslButNoStls() throws Exception {
        Pop3Harness s = connect(Pop3Settings.TlsMode.STLS);
        s.read();
        assertEquals("+OK Begin TLS negotiation\r\n", s.command("STLS"));
        s.startTls(tls.client());
        assertTrue(s.tlsHandshakeDone());
        assertEquals("+OK Capability list follows\r\nUSER\r\nTOP\r\nUIDL\r\nPIPELINING\r\nRESP-CODES\r\n"
                + "AUTH-RESP-CODE\r\nSASL PLAIN\r\nEXPIRE NEVER\r\nIMPLEMENTATION Maildock\r\n.\r\n", s.command("CAPA"));
        assertEquals("-ERR TLS already active\r\n", s.command("STLS"));
        s.command("USER kcope");
        assertEquals("+OK maildrop has 1 messages (120 octets)\r\n", s.command("PASS secret"));
        assertTrue(platform.clients.get(platform.clients.size() - 1).tls(), "the platform learns the session is encrypted");
        assertEquals("+OK 120 octets", Messages.status(s.command("RETR 1")));
    }

    @Test
    void commandsPipelinedAfterStlsAreDiscarded() throws Exception {
        Pop3Harness s = connect(Pop3Settings.TlsMode.STLS);
        s.read();
        // A man in the middle appends a USER command (and a partial line) to the client's STLS.
        s.send("STLS\r\nUSER mallory\r\nCAPA\r\nUSER kco");
        assertEquals("+OK Begin TLS negotiation\r\n", s.read(), "nothing after STLS is answered in clear");
        s.startTls(tls.client());
        assertTrue(s.tlsHandshakeDone());
        assertEquals("", s.read());
        assertEquals("-ERR send USER first\r\n", s.command("PASS secret"), "the injected USER was forgotten");
        assertEquals("+OK send your password\r\n", s.command("USER kcope"), "the injected partial line was dropped");
        assertEquals("+OK maildrop has 1 messages (120 octets)\r\n", s.command("PASS secret"));
    }

    @Test
    void userGivenBeforeStlsIsForgotten() throws Exception {
        Pop3Harness s = connect(Pop3Settings.TlsMode.STLS);
        s.read();
        s.command("USER kcope");
        s.command("STLS");
        s.startTls(tls.client());
        assertEquals("-ERR send USER first\r\n", s.command("PASS secret"));
    }

    @Test
    void authPlainWithInitialResponseOverTls() throws Exception {
        Pop3Harness s = connect(Pop3Settings.TlsMode.STLS);
        s.read();
        s.command("STLS");
        s.startTls(tls.client());
        assertEquals("+OK maildrop has 1 messages (120 octets)\r\n", s.command("AUTH PLAIN " + plain("", "kcope", "secret")));
        assertTrue(platform.calls.contains("login kcope"));
    }

    @Test
    void authPlainWithContinuationAndCancel() throws Exception {
        Pop3Harness s = connect(Pop3Settings.TlsMode.STLS);
        s.read();
        s.command("STLS");
        s.startTls(tls.client());
        assertEquals("+ \r\n", s.command("AUTH PLAIN"));
        assertEquals("-ERR authentication cancelled\r\n", s.command("*"));
        assertEquals("+ \r\n", s.command("auth plain"));
        assertEquals("-ERR malformed authentication data\r\n", s.command("not base64!"));
        assertEquals("+ \r\n", s.command("AUTH PLAIN"));
        assertEquals("-ERR [AUTH] authentication failed\r\n", s.command(plain("kcope", "kcope", "wrong")));
        assertEquals("+ \r\n", s.command("AUTH PLAIN"));
        assertEquals("+OK maildrop has 1 messages (120 octets)\r\n", s.command(plain("kcope", "kcope", "secret")));
    }

    @Test
    void authPlainContinuationMayBeLongerThanACommandLine() throws Exception {
        platform.addAccount("long", "p".repeat(400));
        platform.deliver("long", "uid-long", Messages.ofSize(50, "Subject: long"));
        Pop3Harness s = connect(Pop3Settings.TlsMode.STLS);
        s.read();
        s.command("STLS");
        s.startTls(tls.client());
        String response = plain("", "long", "p".repeat(400));
        assertTrue(response.length() > 255);
        assertEquals("-ERR command line too long\r\n", s.command("AUTH PLAIN " + response));
        assertEquals("+ \r\n", s.command("AUTH PLAIN"));
        assertEquals("+OK maildrop has 1 messages (50 octets)\r\n", s.command(response));
    }

    @Test
    void authPlainRefusesToActAsAnotherUser() throws Exception {
        Pop3Harness s = connect(Pop3Settings.TlsMode.STLS);
        s.read();
        s.command("STLS");
        s.startTls(tls.client());
        assertEquals("-ERR [AUTH] authentication failed\r\n", s.command("AUTH PLAIN " + plain("boss", "kcope", "secret")));
        assertTrue(platform.calls.stream().noneMatch(c -> c.startsWith("login")));
    }

    @Test
    void implicitTlsGreetsOverTlsAndNeverOffersStls() throws Exception {
        Pop3Harness s = connect(Pop3Settings.TlsMode.IMPLICIT);
        assertEquals("", s.read(), "nothing in clear before the handshake");
        s.startTls(tls.client());
        assertTrue(s.read().startsWith("+OK Maildock POP3 ready <"));
        assertTrue(platform.clients.get(0).tls());
        String capa = s.command("CAPA");
        assertTrue(capa.contains("\r\nSASL PLAIN\r\n"), capa);
        assertFalse(capa.contains("STLS"), capa);
        assertEquals("-ERR TLS already active\r\n", s.command("STLS"));
        assertEquals("+OK maildrop has 1 messages (120 octets)\r\n", s.command("AUTH PLAIN " + plain("", "kcope", "secret")));
    }

    @Test
    void implicitTlsNeedsAContext() {
        assertThrows(IllegalArgumentException.class, () -> new Pop3ChannelInitializer("pop3s", platform.dispatcher(),
                Pop3Settings.defaults(Pop3Settings.TlsMode.IMPLICIT)));
    }
}
