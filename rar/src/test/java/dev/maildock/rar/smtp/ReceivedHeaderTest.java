package dev.maildock.rar.smtp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The trace header (RFC 5321 4.4) and its protocol names (RFC 3848). */
class ReceivedHeaderTest {

    private static final ZonedDateTime WHEN = ZonedDateTime.of(2026, 11, 22, 4, 0, 0, 0, ZoneOffset.UTC);

    private static String header(String helo, InetSocketAddress peer, boolean esmtp, boolean tls, boolean auth, String rcpt) {
        return new String(ReceivedHeader.build(helo, peer, "mx.example.test", esmtp, tls, auth, "ID1", rcpt, WHEN),
                StandardCharsets.US_ASCII);
    }

    private static InetSocketAddress peer(String ip) throws UnknownHostException {
        return new InetSocketAddress(InetAddress.getByName(ip), 1025);
    }

    @ParameterizedTest
    @CsvSource({"false,false,false,SMTP", "true,false,false,ESMTP", "true,true,false,ESMTPS",
            "true,false,true,ESMTPA", "true,true,true,ESMTPSA"})
    void protocolName(boolean esmtp, boolean tls, boolean auth, String with) throws UnknownHostException {
        assertTrue(header("c.test", peer("192.0.2.1"), esmtp, tls, auth, null).contains(" with " + with + " id ID1"));
    }

    @Test
    void fullHeader() throws UnknownHostException {
        assertEquals("Received: from c.test ([192.0.2.1])\r\n\tby mx.example.test (Maildock) with ESMTP id ID1\r\n"
                + "\tfor <alice@example.test>;\r\n\tSun, 22 Nov 2026 04:00:00 +0000\r\n",
                header("c.test", peer("192.0.2.1"), true, false, false, "alice@example.test"));
    }

    @Test
    void ipv6PeerIsAnAddressLiteral() throws UnknownHostException {
        assertTrue(header("c.test", peer("2001:db8::1"), true, false, false, null).startsWith(
                "Received: from c.test ([IPv6:2001:db8:0:0:0:0:0:1])\r\n"));
    }

    /** Header injection through HELO: client text never ends the line or the comment. */
    @Test
    void heloCannotInjectHeaders() throws UnknownHostException {
        String text = header("evil\r\nX-Injected: yes (", peer("192.0.2.1"), true, false, false, null);
        assertFalse(text.contains("\r\nX-Injected"), text);
        assertEquals(3, text.split("\r\n").length, text);
    }
}
