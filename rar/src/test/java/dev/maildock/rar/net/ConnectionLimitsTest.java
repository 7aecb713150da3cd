package dev.maildock.rar.net;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConnectionLimitsTest {

    private static InetAddress address(int last) throws Exception {
        return InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, (byte) last});
    }

    @Test
    void perClientAndTotalLimitsAndRelease() throws Exception {
        ConnectionLimits limits = new ConnectionLimits(3, 2);
        assertTrue(limits.tryAcquire(address(1)));
        assertTrue(limits.tryAcquire(address(1)));
        assertFalse(limits.tryAcquire(address(1)), "per client");
        assertTrue(limits.tryAcquire(address(2)));
        assertFalse(limits.tryAcquire(address(3)), "total");
        assertEquals(3, limits.open());
        limits.release(address(1));
        assertTrue(limits.tryAcquire(address(3)));
        limits.release(address(3));
        limits.release(address(2));
        limits.release(address(1));
        assertEquals(0, limits.open());
        assertTrue(limits.tryAcquire(address(1)));
    }

    @Test
    void limitsMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new ConnectionLimits(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new ConnectionLimits(1, 0));
    }
}
