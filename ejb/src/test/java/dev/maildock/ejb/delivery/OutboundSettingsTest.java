package dev.maildock.ejb.delivery;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutboundSettingsTest {

    private static OutboundSettings read(Map<String, String> variables) {
        return OutboundSettings.read("mx.test", v -> variables.getOrDefault(v, ""));
    }

    @Test
    void defaultsAreThoseOfTheIssue() {
        OutboundSettings s = read(Map.of());
        assertNull(s.smarthost());
        assertNull(s.dnsServer());
        assertEquals(25, s.remotePort());
        assertEquals(Duration.ofMinutes(5), s.retryInitial());
        assertEquals(Duration.ofHours(4), s.retryMax());
        assertEquals(Duration.ofDays(5), s.lifetime());
        assertEquals(Duration.ofHours(4), s.delayWarning());
        assertEquals(OutboundSettings.TlsPolicy.MAY, s.smarthostTls());
    }

    @Test
    void smtpTimeoutsAreRfc5321sByDefaultAndConfigurable() {
        assertEquals(new OutboundSettings.Timeouts(Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofMinutes(5),
                Duration.ofMinutes(2), Duration.ofMinutes(3), Duration.ofMinutes(10)), read(Map.of()).timeouts());
        OutboundSettings s = read(Map.of("maildock.outbound.timeout.connect", "2s", "maildock.outbound.timeout.greeting", "3s",
                "maildock.outbound.timeout.command", "4s", "maildock.outbound.timeout.dataStart", "5s",
                "maildock.outbound.timeout.dataBlock", "6s", "maildock.outbound.timeout.dataEnd", "7s"));
        assertEquals(new OutboundSettings.Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(4),
                Duration.ofSeconds(5), Duration.ofSeconds(6), Duration.ofSeconds(7)), s.timeouts());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> read(Map.of("maildock.outbound.timeout.greeting", "soon")));
        assertTrue(e.getMessage().contains("maildock.outbound.timeout.greeting"), e.getMessage());
    }

    @Test
    void retriesDoubleFromTheInitialWaitUpToTheMaximum() {
        OutboundSettings s = read(Map.of());
        assertEquals(Duration.ofMinutes(5), s.retryAfter(1));
        assertEquals(Duration.ofMinutes(10), s.retryAfter(2));
        assertEquals(Duration.ofMinutes(20), s.retryAfter(3));
        assertEquals(Duration.ofMinutes(160), s.retryAfter(6));
        assertEquals(Duration.ofHours(4), s.retryAfter(7));
        assertEquals(Duration.ofHours(4), s.retryAfter(1000));
    }

    @Test
    void durationsInShortFormOrIso() {
        OutboundSettings s = read(Map.of("maildock.queue.retry.initial", "30s", "maildock.queue.retry.max", "PT2M",
                "maildock.queue.lifetime", "2d", "maildock.queue.delayWarning", "500ms", "maildock.queue.poll", "1h"));
        assertEquals(Duration.ofSeconds(30), s.retryInitial());
        assertEquals(Duration.ofMinutes(2), s.retryMax());
        assertEquals(Duration.ofDays(2), s.lifetime());
        assertEquals(Duration.ofMillis(500), s.delayWarning());
        assertEquals(Duration.ofHours(1), s.poll());
    }

    @Test
    void hostsAndPorts() {
        OutboundSettings s = read(Map.of("maildock.smarthost", "relay.example:587", "maildock.dns.server", "127.0.0.1",
                "maildock.smarthost.tls", "verify", "maildock.smarthost.user", "u"));
        assertEquals(new OutboundSettings.HostPort("relay.example", 587), s.smarthost());
        assertEquals(new OutboundSettings.HostPort("127.0.0.1", 53), s.dnsServer());
        assertEquals(OutboundSettings.TlsPolicy.VERIFY, s.smarthostTls());
        assertEquals("u", s.smarthostUser());
        assertEquals(new OutboundSettings.HostPort("::1", 5353), read(Map.of("maildock.dns.server", "[::1]:5353")).dnsServer());
    }

    @Test
    void unusableValuesNameTheirVariable() {
        for (Map<String, String> bad : new Map[] {Map.of("maildock.queue.lifetime", "five days"),
                Map.of("maildock.queue.retry.initial", "0s"), Map.of("maildock.smarthost", "relay:99999"),
                Map.of("maildock.smarthost.tls", "sometimes"), Map.of("maildock.outbound.port", "x"),
                Map.of("maildock.queue.workers", "0")}) {
            String variable = bad.keySet().iterator().next();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(bad));
            assertTrue(e.getMessage().contains(variable), e.getMessage());
        }
    }
}
