package dev.maildock.rar.pop3;

import dev.maildock.rar.net.ConnectionLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Connection limits on the POP3 listeners (total and per client address): a client over a limit
 * gets {@code -ERR [SYS/TEMP]} at connect and is closed before the platform is asked anything.
 */
class Pop3ConnectionLimitsTest {

    private static final String REFUSED = "-ERR [SYS/TEMP] too many connections, try again later\r\n";

    private final InMemoryPop3Platform platform = new InMemoryPop3Platform();
    private final List<Pop3Harness> sessions = new ArrayList<>();

    @AfterEach
    void closeSessions() {
        sessions.forEach(Pop3Harness::close);
    }

    private Pop3Harness connect(ConnectionLimits limits, InetSocketAddress client) throws Exception {
        Pop3Harness session = new Pop3Harness(new Pop3ChannelInitializer("pop3", platform.dispatcher(),
                Pop3Settings.defaults(Pop3Settings.TlsMode.STLS), null, limits), client);
        sessions.add(session);
        return session;
    }

    private static InetSocketAddress client(int lastOctet) throws Exception {
        return new InetSocketAddress(InetAddress.getByAddress(new byte[] {10, 0, 0, (byte) lastOctet}), 40000 + lastOctet);
    }

    private long connectCalls() {
        return platform.calls.stream().filter("connect"::equals).count();
    }

    @Test
    void connectionsOverThePerClientLimitAreRefusedBeforeThePlatformIsAsked() throws Exception {
        ConnectionLimits limits = new ConnectionLimits(1000, 2);
        Pop3Harness first = connect(limits, client(1));
        Pop3Harness second = connect(limits, client(1));
        assertTrue(first.read().startsWith("+OK Maildock POP3 ready <"));
        assertTrue(second.read().startsWith("+OK Maildock POP3 ready <"));

        Pop3Harness third = connect(limits, client(1));
        assertEquals(REFUSED, third.read());
        assertFalse(third.open());
        assertEquals(2, connectCalls(), "the refused client never reached the platform");

        Pop3Harness otherClient = connect(limits, client(2));
        assertTrue(otherClient.read().startsWith("+OK Maildock POP3 ready <"), "the limit is per address");

        assertTrue(first.command("QUIT").startsWith("+OK"));
        assertFalse(first.open());
        Pop3Harness fourth = connect(limits, client(1));
        assertTrue(fourth.read().startsWith("+OK Maildock POP3 ready <"), "a closed connection frees its slot");
        assertEquals(3, limits.open());
    }

    @Test
    void connectionsOverTheTotalLimitAreRefused() throws Exception {
        ConnectionLimits limits = new ConnectionLimits(2, 50);
        assertTrue(connect(limits, client(1)).read().startsWith("+OK"));
        Pop3Harness dropped = connect(limits, client(2));
        assertTrue(dropped.read().startsWith("+OK"));
        Pop3Harness refused = connect(limits, client(3));
        assertEquals(REFUSED, refused.read());
        assertFalse(refused.open());
        assertEquals(2, limits.open(), "a refused connection is not counted");

        dropped.drop(); // without QUIT
        assertEquals(1, limits.open());
        assertTrue(connect(limits, client(3)).read().startsWith("+OK"));
    }

    @Test
    void implicitTlsAndPlainListenersShareOneLimit() throws Exception {
        ConnectionLimits limits = new ConnectionLimits(1000, 1);
        assertTrue(connect(limits, client(1)).read().startsWith("+OK"));
        // A second listener (as pop3s would be) with the same limits object: the client's slot is taken.
        Pop3Harness second = new Pop3Harness(new Pop3ChannelInitializer("pop3-other", platform.dispatcher(),
                Pop3Settings.defaults(Pop3Settings.TlsMode.STLS), null, limits), client(1));
        sessions.add(second);
        assertEquals(REFUSED, second.read());
    }
}
