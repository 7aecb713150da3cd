package dev.maildock.ejb.delivery;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;

/**
 * The outbound queue's server variables as of one reading, parsed and checked. They are read
 * again a second after the last reading ({@link OutboundVariables}), so that a changed variable
 * (configDropins/overrides) takes effect without a restart.
 *
 * @param hostname       maildock.hostname: EHLO name, DSN sender domain, Reporting-MTA
 * @param smarthost      maildock.smarthost {@code host:port}, or null for delivery by MX
 * @param smarthostUser  AUTH user for the smarthost, or null for none
 * @param smarthostTls   how the smarthost connection is protected
 * @param dnsServer      maildock.dns.server {@code host[:port]}, or null for the system's resolvers
 * @param remotePort     maildock.outbound.port: the port of MX hosts (25; tests use another)
 * @param workers        maildock.queue.workers: SMTP transactions in flight at once
 * @param poll           maildock.queue.poll: how often the queue is scanned without being woken
 * @param retryInitial   maildock.queue.retry.initial: wait after the first temporary failure
 * @param retryMax       maildock.queue.retry.max: the doubling wait stops growing here
 * @param lifetime       maildock.queue.lifetime: after this a deferred recipient fails
 * @param delayWarning   maildock.queue.delayWarning: one delay notice once a message waited this long
 * @param postmasterCopy maildock.queue.postmasterCopy: failure notices go to postmaster too
 * @param timeouts       maildock.outbound.timeout.*: how long the SMTP client waits for the peer
 */
public record OutboundSettings(String hostname, HostPort smarthost, String smarthostUser, String smarthostPassword,
                               TlsPolicy smarthostTls, HostPort dnsServer, int remotePort, int workers,
                               Duration poll, Duration retryInitial, Duration retryMax, Duration lifetime,
                               Duration delayWarning, boolean postmasterCopy, Timeouts timeouts) {

    /**
     * How long the SMTP client waits, per RFC 5321 section 4.5.3.2 by default; a peer that stays
     * silent longer ends the attempt (its recipients wait for the next one).
     *
     * @param connect   maildock.outbound.timeout.connect (30s): the TCP connection
     * @param greeting  maildock.outbound.timeout.greeting (5m): the 220 greeting (4.5.3.2.1)
     * @param command   maildock.outbound.timeout.command (5m): EHLO, STARTTLS, AUTH, MAIL, RCPT, RSET (4.5.3.2.2/3)
     * @param dataStart maildock.outbound.timeout.dataStart (2m): the 354 to DATA (4.5.3.2.4)
     * @param dataBlock maildock.outbound.timeout.dataBlock (3m): each write of the data (4.5.3.2.5)
     * @param dataEnd   maildock.outbound.timeout.dataEnd (10m): the reply after the final dot (4.5.3.2.6)
     */
    public record Timeouts(Duration connect, Duration greeting, Duration command, Duration dataStart,
                           Duration dataBlock, Duration dataEnd) {

        static Timeouts read(Function<String, String> lookup) {
            return new Timeouts(duration(lookup, "maildock.outbound.timeout.connect", "30s"),
                    duration(lookup, "maildock.outbound.timeout.greeting", "5m"),
                    duration(lookup, "maildock.outbound.timeout.command", "5m"),
                    duration(lookup, "maildock.outbound.timeout.dataStart", "2m"),
                    duration(lookup, "maildock.outbound.timeout.dataBlock", "3m"),
                    duration(lookup, "maildock.outbound.timeout.dataEnd", "10m"));
        }
    }

    /** How a connection is protected, in Postfix's terms (smtp_tls_security_level). */
    public enum TlsPolicy {
        /** STARTTLS when offered, certificate not checked (RFC 7435 opportunistic security). */
        MAY,
        /** STARTTLS required, certificate not checked: the peer is known by configuration. */
        ENCRYPT,
        /** STARTTLS required, certificate chain and host name checked against Java's trust store. */
        VERIFY;

        static TlsPolicy parse(String value) {
            try {
                return value.isBlank() ? MAY : valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("maildock.smarthost.tls must be may, encrypt or verify, not " + value);
            }
        }
    }

    /** A host and port as written in a variable ({@code host:port}, {@code [v6]:port}, or a bare host). */
    public record HostPort(String host, int port) {

        static HostPort parse(String variable, String value, int defaultPort) {
            String v = value.trim();
            String host = v;
            int port = defaultPort;
            int colon = v.lastIndexOf(':');
            if (v.startsWith("[")) {
                int close = v.indexOf(']');
                if (close < 0) {
                    throw new IllegalArgumentException(variable + " is not host:port: " + value);
                }
                host = v.substring(1, close);
                if (close + 1 < v.length()) {
                    port = port(variable, value, v.substring(close + 1).replaceFirst("^:", ""));
                }
            } else if (colon > 0 && v.indexOf(':') == colon) {
                host = v.substring(0, colon);
                port = port(variable, value, v.substring(colon + 1));
            }
            if (host.isBlank()) {
                throw new IllegalArgumentException(variable + " names no host: " + value);
            }
            return new HostPort(host, port);
        }

        private static int port(String variable, String value, String text) {
            try {
                int port = Integer.parseInt(text);
                if (port < 1 || port > 65535) {
                    throw new NumberFormatException();
                }
                return port;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(variable + " has no valid port: " + value);
            }
        }

        @Override
        public String toString() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /**
     * Reads the variables through {@code lookup} (variable name → value, "" when unset).
     *
     * @throws IllegalArgumentException naming the variable whose value cannot be used
     */
    public static OutboundSettings read(String hostname, Function<String, String> lookup) {
        String smarthost = lookup.apply("maildock.smarthost");
        String user = lookup.apply("maildock.smarthost.user");
        String dns = lookup.apply("maildock.dns.server");
        return new OutboundSettings(hostname,
                smarthost.isBlank() ? null : HostPort.parse("maildock.smarthost", smarthost, 25),
                user.isBlank() ? null : user.trim(),
                lookup.apply("maildock.smarthost.password"),
                TlsPolicy.parse(lookup.apply("maildock.smarthost.tls")),
                dns.isBlank() ? null : HostPort.parse("maildock.dns.server", dns, 53),
                integer(lookup, "maildock.outbound.port", 25, 1, 65535),
                integer(lookup, "maildock.queue.workers", 8, 1, 200),
                duration(lookup, "maildock.queue.poll", "30s"),
                duration(lookup, "maildock.queue.retry.initial", "5m"),
                duration(lookup, "maildock.queue.retry.max", "4h"),
                duration(lookup, "maildock.queue.lifetime", "5d"),
                duration(lookup, "maildock.queue.delayWarning", "4h"),
                Boolean.parseBoolean(lookup.apply("maildock.queue.postmasterCopy").trim()),
                Timeouts.read(lookup));
    }

    /** The wait before attempt {@code attempts + 1}: retryInitial doubling per attempt, at most retryMax. */
    public Duration retryAfter(int attempts) {
        Duration wait = retryInitial;
        for (int i = 1; i < attempts && wait.compareTo(retryMax) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(retryMax) > 0 ? retryMax : wait;
    }

    private static int integer(Function<String, String> lookup, String name, int defaultValue, int min, int max) {
        String value = lookup.apply(name).trim();
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(value);
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number from " + min + " to " + max + ", not " + value);
        }
    }

    /** {@code 30s}, {@code 5m}, {@code 4h}, {@code 5d}, {@code 500ms}, or ISO-8601 ({@code PT5M}). */
    static Duration duration(Function<String, String> lookup, String name, String defaultValue) {
        String value = lookup.apply(name).trim();
        String v = (value.isEmpty() ? defaultValue : value).toLowerCase(Locale.ROOT);
        try {
            Duration d;
            if (v.startsWith("p")) {
                d = Duration.parse(v.toUpperCase(Locale.ROOT));
            } else if (v.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            } else {
                long n = Long.parseLong(v.substring(0, v.length() - 1));
                d = switch (v.charAt(v.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    case 'd' -> Duration.ofDays(n);
                    default -> throw new NumberFormatException();
                };
            }
            if (d.isNegative() || d.isZero()) {
                throw new NumberFormatException();
            }
            return d;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(name + " must be a duration such as 30s, 5m, 4h or 5d, not " + value);
        }
    }
}
