package dev.maildock.rar.imap;

import dev.maildock.rar.net.PlaintextAuth;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The limits and modes of one IMAP listener.
 *
 * @param tlsMode          STARTTLS on the plain port (143), or TLS from the first byte (993)
 * @param maxLine          octets of a command outside its literals (the framer's {@code maxLine})
 * @param maxLiteral       octets of a command's literals together, APPEND messages apart
 * @param appendLimit      the largest APPEND message in octets (RFC 7889 APPENDLIMIT)
 * @param idleTimeout      autologout when a command takes longer than this to arrive (RFC 9051
 *                         section 5.4: at least 30 minutes); 0 for none
 * @param maxFailedLogins  failed logins after which the session says BYE
 * @param failedLoginDelay every failed login is answered only after this pause (slows guessing)
 * @param plaintextAuth    when LOGIN and AUTHENTICATE may be used ({@code maildock.auth.plaintext})
 * @param spoolDirectory   where APPEND messages beyond 256 KiB are spooled; null for the temp directory
 */
public record ImapSettings(TlsMode tlsMode, int maxLine, int maxLiteral, long appendLimit, Duration idleTimeout,
                           int maxFailedLogins, Duration failedLoginDelay, PlaintextAuth plaintextAuth,
                           Path spoolDirectory) {

    public enum TlsMode {
        /** Plaintext first; STARTTLS offered when a TLS context is configured (port 143). */
        STARTTLS,
        /** TLS from the first byte (port 993); STARTTLS is never offered. */
        IMPLICIT
    }

    /** RFC 9051 section 5.4: an inactivity autologout timer of at least 30 minutes. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(30);

    public ImapSettings {
        Objects.requireNonNull(tlsMode, "tlsMode");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(failedLoginDelay, "failedLoginDelay");
        Objects.requireNonNull(plaintextAuth, "plaintextAuth");
        if (maxLine < 64 || maxLiteral < 0 || appendLimit < 1 || maxFailedLogins < 1 || idleTimeout.isNegative()
                || failedLoginDelay.isNegative()) {
            throw new IllegalArgumentException("invalid IMAP settings");
        }
    }

    /**
     * 8 KiB of command text (RFC 7162 section 4 asks clients to keep lines under 8,192 octets),
     * 64 KiB of other literals, 50 MiB messages, 30-minute autologout, 3 failed logins with a
     * 2-second delay, passwords in clear only from this host (RFC 8314).
     */
    public static ImapSettings defaults(TlsMode tlsMode) {
        return new ImapSettings(tlsMode, 64 * 1024, 64 * 1024, 50L * 1024 * 1024, DEFAULT_IDLE_TIMEOUT, 3,
                Duration.ofSeconds(2), PlaintextAuth.LOCAL, null);
    }

    public ImapSettings withIdleTimeout(Duration timeout) {
        return new ImapSettings(tlsMode, maxLine, maxLiteral, appendLimit, timeout, maxFailedLogins, failedLoginDelay,
                plaintextAuth, spoolDirectory);
    }

    public ImapSettings withFailedLoginDelay(Duration delay) {
        return new ImapSettings(tlsMode, maxLine, maxLiteral, appendLimit, idleTimeout, maxFailedLogins, delay,
                plaintextAuth, spoolDirectory);
    }

    public ImapSettings withPlaintextAuth(PlaintextAuth policy) {
        return new ImapSettings(tlsMode, maxLine, maxLiteral, appendLimit, idleTimeout, maxFailedLogins,
                failedLoginDelay, policy, spoolDirectory);
    }
}
