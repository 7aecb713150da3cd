package dev.maildock.rar.net;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlaintextAuthTest {

    private static final InetSocketAddress LISTENER = new InetSocketAddress("127.0.0.1", 110);

    private static InetSocketAddress client(String address) {
        return new InetSocketAddress(address, 50000);
    }

    @Test
    void localMeansTheClientIsTheAddressItConnectedTo() {
        assertTrue(PlaintextAuth.LOCAL.allows(false, client("127.0.0.1"), LISTENER));
        assertTrue(PlaintextAuth.LOCAL.allows(false, client("192.0.2.10"), new InetSocketAddress("192.0.2.10", 110)),
                "a client on this machine using its own public address");
        assertFalse(PlaintextAuth.LOCAL.allows(false, client("127.0.0.2"), LISTENER),
                "another loopback address is a forwarded connection, not this host");
        assertFalse(PlaintextAuth.LOCAL.allows(false, client("192.0.2.7"), LISTENER));
        assertTrue(PlaintextAuth.LOCAL.allows(true, client("192.0.2.7"), LISTENER), "TLS always allows");
    }

    @Test
    void tlsAndAnyIgnoreTheAddress() {
        assertFalse(PlaintextAuth.TLS.allows(false, client("127.0.0.1"), LISTENER));
        assertTrue(PlaintextAuth.TLS.allows(true, client("127.0.0.1"), LISTENER));
        assertTrue(PlaintextAuth.ANY.allows(false, client("192.0.2.7"), LISTENER));
    }

    @Test
    void settingValuesAreParsedAndAWrongOneIsNamed() {
        assertEquals(PlaintextAuth.LOCAL, PlaintextAuth.of(" Local "));
        assertEquals(PlaintextAuth.ANY, PlaintextAuth.of("any"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PlaintextAuth.of("yes")).getMessage()
                .contains("maildock.auth.plaintext"));
    }
}
