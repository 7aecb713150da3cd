package dev.maildock.ejb.smtp;

import dev.maildock.ejb.account.LoginGuard;
import dev.maildock.ejb.account.LoginVerdict;
import dev.maildock.ejb.mailbox.MessageSource;
import dev.maildock.ejb.submission.Quotas;
import dev.maildock.ejb.submission.Recipients;
import dev.maildock.ejb.submission.Routing;
import dev.maildock.ejb.submission.SubmissionService;
import dev.maildock.rar.api.AuthResult;
import dev.maildock.rar.api.Envelope;
import dev.maildock.rar.api.ForwardPath;
import dev.maildock.rar.api.ReversePath;
import dev.maildock.rar.api.SessionInfo;
import dev.maildock.rar.api.Verdict;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The platform's SMTP decisions: who may log in, which recipients are accepted, and filing a
 * received message in the local INBOXes and the outbound queue in one transaction (so the
 * adapter's 250 is durable).
 * <p>
 * Policy (docs/architecture.md section 7): local domain + existing account or alias → accept; unknown local
 * user → 550 5.1.1; non-local recipient → 550 5.7.1 (no open relay) unless the session is
 * authenticated, and then it is queued for outbound delivery. {@code postmaster} is always
 * accepted (RFC 5321 section 4.5.1). A local recipient whose accounts are all at or over quota →
 * 452 4.2.2; an alias with some room is accepted and filed only for the accounts with room.
 */
@Stateless
public class SmtpReception {

    private static final Logger LOG = Logger.getLogger(SmtpReception.class.getName());
    static final String POSTMASTER_MISSING = "postmaster mailbox not configured, try again later";

    @EJB
    private LoginGuard logins;

    @EJB
    private Recipients recipients;

    @EJB
    private SubmissionService submissions;

    @Inject
    private Quotas quotas;

    /** SMTP AUTH through the lockout every protocol shares (per account and per client address). */
    public AuthResult authenticate(String user, String password, String clientAddress) {
        LoginVerdict verdict = logins.check(user, password, clientAddress);
        return verdict.account().map(AuthResult::success).orElseGet(() -> AuthResult.failure(verdict.failureDelay()));
    }

    /** An authenticated user sends as their own address or an alias that reaches them only. */
    public Verdict mailFrom(SessionInfo session, ReversePath from) {
        if (!session.authenticated() || from.isNull()) {
            return Verdict.accept();
        }
        return recipients.owns(session.authenticatedUser(), from.address())
                ? Verdict.accept() : Verdict.of(Verdict.Outcome.SENDER_NOT_OWNED);
    }

    public Verdict rcptTo(SessionInfo session, ForwardPath to) {
        if (to.isPostmaster() && (to.domain() == null || recipients.isLocal(to.domain()))) {
            return Verdict.accept();
        }
        if (recipients.isLocal(to.domain())) {
            Set<String> reached = recipients.resolve(to.normalized());
            if (reached.isEmpty()) {
                return Verdict.of(Verdict.Outcome.MAILBOX_UNKNOWN);
            }
            return quotas.withRoom(reached).isEmpty() ? Verdict.of(Verdict.Outcome.INSUFFICIENT_STORAGE) : Verdict.accept();
        }
        return session.authenticated() ? Verdict.accept() : Verdict.of(Verdict.Outcome.RELAY_DENIED);
    }

    /** {@link #deliver(Envelope, MessageSource)} for a message held in memory. */
    public Verdict deliver(Envelope envelope, byte[] message) {
        return deliver(envelope, MessageSource.ofBytes(message));
    }

    /**
     * Files the message in the INBOX of every local account the recipients resolve to (stored
     * once, with a Return-Path header) and queues it for the remote recipients of an authenticated
     * session, all in the caller's transaction.
     */
    public Verdict deliver(Envelope envelope, MessageSource message) {
        Optional<Routing> routing = routing(envelope, message);
        routing.ifPresent(submissions::route);
        return routing.isPresent() ? Verdict.accept() : Verdict.tryLater(POSTMASTER_MISSING);
    }

    /**
     * Where the message goes: the local accounts the recipients resolve to and, for an
     * authenticated session, the remote recipients. Empty when it would be kept nowhere (only a
     * postmaster without a mailbox): such mail gets 451, not a 250.
     */
    public Optional<Routing> routing(Envelope envelope, MessageSource message) {
        Set<String> targets = new LinkedHashSet<>();
        List<String> remote = new ArrayList<>();
        for (ForwardPath recipient : envelope.recipients()) {
            if (recipient.isPostmaster() && recipient.domain() == null) {
                targets.addAll(recipients.postmaster());
            } else if (recipients.isLocal(recipient.domain())) {
                // Accepted at RCPT: filed for the accounts with room, or for all when (since) none has
                // room, so an accepted recipient is never dropped (soft quota).
                Set<String> reached = recipients.resolve(recipient.normalized());
                Set<String> room = quotas.withRoom(reached);
                targets.addAll(room.isEmpty() ? reached : room);
            } else if (envelope.session().authenticated()) {
                remote.add(recipient.address());
            }
        }
        if (targets.isEmpty() && remote.isEmpty()) {
            LOG.warning("MAILDOCK0106W: Mail for postmaster cannot be filed: create an account or alias"
                    + " postmaster@<domain>. The sender was told to retry later.");
            return Optional.empty();
        }
        return Optional.of(new Routing(envelope.reversePath().address(), targets, remote, message,
                envelope.session().authenticatedUser(), envelope.eightBit()));
    }
}
