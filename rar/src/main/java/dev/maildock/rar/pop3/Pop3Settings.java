package dev.maildock.rar.pop3;

import dev.maildock.rar.net.PlaintextAuth;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits and modes of one POP3 listener.
 *
 * @param tlsMode               STLS upgrade on the plain port (110), or TLS from the first byte (995)
 * @param maxCommandLine        longest command line in octets, CRLF included (RFC 2449: 255)
 * @param idleTimeout           autologout when a command line takes longer than this to arrive, or a
 *                              response this long to be read (RFC 1939: at least 10 minutes); 0 for none
 * @param maxFailedLogins       failed logins after which the session is closed
 * @param failedLoginDelay      every failed login is answered only after this pause (slows guessing)
 * @param retrieveChunk         octets asked from the platform per {@code retrieve} call
 * @param plaintextAuth         when USER/PASS and AUTH PLAIN are accepted ({@code maildock.auth.plaintext})
 */
public record Pop3Settings(TlsMode tlsMode, int maxCommandLine, Duration idleTimeout, int maxFailedLogins,
                           Duration failedLoginDelay, int retrieveChunk, PlaintextAuth plaintextAuth) {

    public enum TlsMode {
        /** Plaintext first; STLS offered when a TLS context is configured (port 110). */
        STLS,
        /** TLS from the first byte (port 995); STLS is never offered. */
        IMPLICIT
    }

    public Pop3Settings {
        Objects.requireNonNull(tlsMode, "tlsMode");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(failedLoginDelay, "failedLoginDelay");
        Objects.requireNonNull(plaintextAuth, "plaintextAuth");
        if (maxCommandLine < 6 || maxFailedLogins < 1 || retrieveChunk < 1 || idleTimeout.isNegative()
                || failedLoginDelay.isNegative()) {
            throw new IllegalArgumentException("invalid POP3 settings");
        }
    }

    /** RFC 1939 section 3: an autologout timer of at least 10 minutes. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(10);

    /**
     * RFC defaults: 255-octet lines, 10-minute autologout, 3 failed logins with a 2-second delay,
     * passwords in clear only from this host (RFC 8314).
     */
    public static Pop3Settings defaults(TlsMode tlsMode) {
        return new Pop3Settings(tlsMode, 255, DEFAULT_IDLE_TIMEOUT, 3, Duration.ofSeconds(2), 128 * 1024,
                PlaintextAuth.LOCAL);
    }

    public Pop3Settings withIdleTimeout(Duration timeout) {
        return new Pop3Settings(tlsMode, maxCommandLine, timeout, maxFailedLogins, failedLoginDelay, retrieveChunk,
                plaintextAuth);
    }

    public Pop3Settings withFailedLoginDelay(Duration delay) {
        return new Pop3Settings(tlsMode, maxCommandLine, idleTimeout, maxFailedLogins, delay, retrieveChunk,
                plaintextAuth);
    }

    public Pop3Settings withRetrieveChunk(int octets) {
        return new Pop3Settings(tlsMode, maxCommandLine, idleTimeout, maxFailedLogins, failedLoginDelay, octets,
                plaintextAuth);
    }

    public Pop3Settings withPlaintextAuth(PlaintextAuth policy) {
        return new Pop3Settings(tlsMode, maxCommandLine, idleTimeout, maxFailedLogins, failedLoginDelay,
                retrieveChunk, policy);
    }
}
