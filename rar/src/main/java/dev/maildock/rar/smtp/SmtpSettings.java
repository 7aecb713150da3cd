package dev.maildock.rar.smtp;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The SMTP limits, from the adapter's configuration. Defaults follow RFC 5321 section 4.5.3.1
 * (512-octet command lines, 1,000-octet text lines, at least 100 recipients) and docs/architecture.md section 7.
 *
 * @param maxCommandLine        longest command line in octets, CRLF included
 * @param maxTextLine           longest DATA line in octets, CRLF included
 * @param maxRecipients         recipients per transaction; the next one gets 452
 * @param maxMessageSize        octets of message content; larger gets 552 (and SIZE advertises it)
 * @param maxErrors             error replies per session before 421 and close
 * @param idleTimeout           time a client has for each command line (not reset by single octets)
 *                              before 421 and close; also the most DATA may fall behind {@code minDataRate}
 * @param spoolThreshold        content octets held in heap before DATA spills to a file
 * @param spoolDirectory        where spill files go; null for the JVM's temporary directory
 * @param maxAuthFailures       failed AUTH attempts per session before the delayed disconnect
 * @param authFailureDelay      how long the session waits before that disconnect (slows guessing)
 * @param minDataRate           octets per second message content must average (0: no minimum)
 */
public record SmtpSettings(int maxCommandLine, int maxTextLine, int maxRecipients, long maxMessageSize,
                           int maxErrors, Duration idleTimeout, int spoolThreshold, Path spoolDirectory,
                           int maxAuthFailures, Duration authFailureDelay, long minDataRate) {

    public static final int DEFAULT_MAX_COMMAND_LINE = 512;
    public static final int DEFAULT_MAX_TEXT_LINE = 1000;
    public static final int DEFAULT_MAX_RECIPIENTS = 100;
    public static final long DEFAULT_MAX_MESSAGE_SIZE = 25L * 1024 * 1024;
    public static final int DEFAULT_MAX_ERRORS = 20;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);
    public static final int DEFAULT_SPOOL_THRESHOLD = 256 * 1024;
    public static final int DEFAULT_MAX_AUTH_FAILURES = 3;
    public static final Duration DEFAULT_AUTH_FAILURE_DELAY = Duration.ofSeconds(5);
    /**
     * Postfix's {@code smtpd_min_data_rate}: 500 octets per second is a tenth of a 56 kbit/s modem
     * and half of 9.6 kbit/s GSM data, so no real client misses it, while a client trickling an
     * octet every few seconds loses its session once {@code idleTimeout} of slack is used up.
     */
    public static final long DEFAULT_MIN_DATA_RATE = 500;

    public SmtpSettings {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(authFailureDelay, "authFailureDelay");
        if (maxCommandLine < 512 || maxTextLine < 1000) {
            throw new IllegalArgumentException("RFC 5321 section 4.5.3.1 minimums are 512 and 1000 octets");
        }
        if (maxRecipients < 1 || maxMessageSize < 1 || maxErrors < 1 || spoolThreshold < 0 || maxAuthFailures < 1
                || minDataRate < 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    /** The defaults, spooling to {@code spoolDirectory}. */
    public static SmtpSettings defaults(Path spoolDirectory) {
        return new SmtpSettings(DEFAULT_MAX_COMMAND_LINE, DEFAULT_MAX_TEXT_LINE, DEFAULT_MAX_RECIPIENTS,
                DEFAULT_MAX_MESSAGE_SIZE, DEFAULT_MAX_ERRORS, DEFAULT_IDLE_TIMEOUT, DEFAULT_SPOOL_THRESHOLD,
                spoolDirectory, DEFAULT_MAX_AUTH_FAILURES, DEFAULT_AUTH_FAILURE_DELAY, DEFAULT_MIN_DATA_RATE);
    }
}
