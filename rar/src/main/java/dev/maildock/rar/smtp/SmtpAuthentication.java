package dev.maildock.rar.smtp;

import dev.maildock.rar.api.AuthResult;
import dev.maildock.rar.api.ClientInfo;

import java.net.InetAddress;
import java.time.Clock;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * AUTH (RFC 4954) in one SMTP session: the command's preconditions, the SASL exchange that
 * {@link SaslExchange} decodes, the platform's verdict, and the brakes on password guessing - the
 * session closes after {@code maxAuthFailures} failures, and the node-wide {@link AuthThrottle}
 * locks an address or account out across sessions.
 * <p>
 * Apart from the session so that the command loop stays a command loop; it answers and asks the
 * platform through the session, on the event loop, like every command.
 */
final class SmtpAuthentication {

    private static final Logger LOG = Logger.getLogger(SmtpAuthentication.class.getName());

    private final SmtpSession session;
    private final SmtpFramer framer;
    private final SmtpSettings settings;
    private final AuthThrottle throttle;
    private final Clock clock;
    private final InetAddress client;

    private SaslExchange sasl;
    private int failures;
    private String identity;

    SmtpAuthentication(SmtpSession session, SmtpFramer framer, SmtpSettings settings, AuthThrottle throttle,
                       Clock clock, InetAddress client) {
        this.session = session;
        this.framer = framer;
        this.settings = settings;
        this.throttle = throttle;
        this.clock = clock;
        this.client = client;
    }

    /** The identity the platform confirmed, or null before a successful AUTH. */
    String identity() {
        return identity;
    }

    /** Whether the next command line is a SASL response rather than a command. */
    boolean exchanging() {
        return sasl != null;
    }

    /** A faulty line (too long, bare line ending) ends an exchange under way. */
    void abort() {
        sasl = null;
        framer.expectSaslResponse(false);
    }

    /**
     * The AUTH command.
     *
     * @param greeted       whether the client said EHLO (AUTH is an ESMTP extension)
     * @param inTransaction whether a mail transaction is open (RFC 4954 section 4 forbids AUTH then)
     * @param tlsActive     whether the connection is encrypted
     */
    void command(String argument, boolean greeted, boolean inTransaction, boolean tlsActive) {
        String[] parts = argument.split(" +");
        if (argument.isEmpty() || parts.length > 2) {
            session.error(SmtpReply.SYNTAX_ERROR.format(SmtpCommand.AUTH.syntax()));
            return;
        }
        if (!greeted) {
            session.error(SmtpReply.HELO_FIRST.format());
            return;
        }
        if (identity != null) {
            session.error(SmtpReply.ALREADY_AUTHENTICATED.format());
            return;
        }
        if (inTransaction) {
            session.error(SmtpReply.AUTH_IN_TRANSACTION.format());
            return;
        }
        if (!tlsActive) {
            // RFC 4954 section 6 / RFC 5248: 538 5.7.11, passwords never travel in the clear.
            session.error(SmtpReply.ENCRYPTION_REQUIRED.format());
            return;
        }
        Optional<SaslExchange.Mechanism> mechanism = SaslExchange.mechanism(parts[0]);
        if (mechanism.isEmpty()) {
            session.error(SmtpReply.AUTH_MECHANISM_UNSUPPORTED.format());
            return;
        }
        sasl = new SaslExchange(mechanism.get());
        step(sasl.start(parts.length == 2 ? parts[1] : null));
    }

    /** A client line during the exchange. */
    void respond(String line) {
        step(sasl.respond(line));
    }

    private void step(SaslExchange.Step step) {
        framer.expectSaslResponse(step instanceof SaslExchange.Challenge);
        if (step instanceof SaslExchange.Challenge challenge) {
            session.reply(SmtpReply.AUTH_CHALLENGE.format(challenge.base64()));
            return;
        }
        sasl = null;
        if (step instanceof SaslExchange.Cancelled) {
            session.error(SmtpReply.AUTH_CANCELLED.format());
        } else if (step instanceof SaslExchange.Malformed) {
            session.error(SmtpReply.AUTH_BAD_ENCODING.format());
        } else if (step instanceof SaslExchange.Refused) {
            throttle.failed(client, null, clock.instant());
            failed();
        } else if (step instanceof SaslExchange.Credentials credentials) {
            if (throttle.locked(client, credentials.user(), clock.instant())) {
                locked();
                return;
            }
            ClientInfo who = session.clientInfo();
            session.ask(listener -> listener.authenticate(who, credentials.mechanism().name(), credentials.user(),
                    credentials.password()), (result, failure) -> verdict(credentials.user(), result, failure));
        }
    }

    /** Locked out: no platform call; counts as a failure of this session too. */
    private void locked() {
        session.reply(SmtpReply.AUTH_LOCKED.format());
        if (++failures >= settings.maxAuthFailures()) {
            closeAfterFailures();
        }
    }

    private void verdict(String user, AuthResult result, Throwable failure) {
        if (failure != null || result.outcome() == AuthResult.Outcome.TEMPORARY_FAILURE) {
            if (failure != null) {
                LOG.log(Level.WARNING, "MAILDOCK0104W: The SMTP platform failed during AUTH; answering 454.", failure);
            }
            session.reply(SmtpReply.AUTH_TEMPORARY_FAILURE.format());
        } else if (result.succeeded()) {
            throttle.succeeded(client, user);
            identity = result.identity();
            session.reply(SmtpReply.AUTH_SUCCEEDED.format());
        } else {
            throttle.failed(client, user, clock.instant());
            if (result.failureDelay().isZero()) {
                failed();
            } else {
                session.after(result.failureDelay(), this::failed);
            }
        }
    }

    /** After the last allowed failure: answer, wait (slows down guessing), then 421 and close. */
    private void failed() {
        failures++;
        if (failures < settings.maxAuthFailures()) {
            session.error(SmtpReply.AUTH_FAILED.format());
            return;
        }
        session.reply(SmtpReply.AUTH_FAILED.format());
        closeAfterFailures();
    }

    private void closeAfterFailures() {
        session.closeAfter(settings.authFailureDelay(), SmtpReply.TOO_MANY_AUTH_FAILURES);
    }
}
