package dev.maildock.rar.smtp;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuthThrottleTest {

    private static final Instant T0 = Instant.parse("2026-11-22T04:00:00Z");

    @Test
    void locksTheAddressAndTheAccountFromThatAddressThenForgets() throws Exception {
        AuthThrottle throttle = new AuthThrottle(3, Duration.ofMinutes(15));
        InetAddress guesser = InetAddress.getByName("192.0.2.66");
        InetAddress other = InetAddress.getByName("192.0.2.7");
        for (int i = 0; i < 3; i++) {
            assertFalse(throttle.locked(guesser, "alice@example.test", T0));
            throttle.failed(guesser, "alice@example.test", T0.plusSeconds(i));
        }
        assertTrue(throttle.locked(guesser, "bob@example.test", T0.plusSeconds(10)), "the address is locked");
        assertTrue(throttle.locked(guesser, "Alice@Example.Test", T0.plusSeconds(10)), "the account from there is locked");
        assertFalse(throttle.locked(other, "alice@example.test", T0.plusSeconds(10)),
                "#22: the owner from another address is not locked out");
        assertFalse(throttle.locked(other, "bob@example.test", T0.plusSeconds(10)));
        assertFalse(throttle.locked(guesser, "alice@example.test", T0.plus(Duration.ofMinutes(16))), "lockout ends");
    }

    @Test
    void successClearsTheAccountFromThatAddressButNotTheAddress() throws Exception {
        AuthThrottle throttle = new AuthThrottle(2, Duration.ofMinutes(15));
        InetAddress client = InetAddress.getByName("192.0.2.1");
        throttle.failed(client, "alice@example.test", T0);
        throttle.succeeded(client, "alice@example.test");
        throttle.failed(InetAddress.getByName("192.0.2.2"), "alice@example.test", T0);
        throttle.failed(InetAddress.getByName("192.0.2.2"), "alice@example.test", T0);
        assertFalse(throttle.locked(InetAddress.getByName("192.0.2.3"), "alice@example.test", T0));
        throttle.failed(client, "carol@example.test", T0);
        assertTrue(throttle.locked(client, null, T0));
    }
}
