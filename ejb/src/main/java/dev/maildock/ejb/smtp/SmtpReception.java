package dev.maildock.ejb.smtp;

import dev.maildock.ejb.account.LoginGuard;
import dev.maildock.ejb.account.LoginVerdict;
import dev.maildock.ejb.submission.MailIntake;
import dev.maildock.ejb.submission.Quotas;
import dev.maildock.ejb.submission.Recipients;
import dev.maildock.rar.api.AuthResult;
import dev.maildock.rar.api.ForwardPath;
import dev.maildock.rar.api.ReversePath;
import dev.maildock.rar.api.SessionInfo;
import dev.maildock.rar.api.Verdict;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

import java.util.Set;

/**
 * The platform's SMTP decisions: who may log in and which recipients are accepted. The message
 * itself comes in by {@link MailIntake#receive}, like all mail.
 * <p>
 * Policy (docs/architecture.md section 7): local domain + existing account or alias → accept; unknown local
 * user → 550 5.1.1; non-local recipient → 550 5.7.1 (no open relay) unless the session is
 * authenticated, and then it is queued for outbound delivery. {@code postmaster} is always
 * accepted (RFC 5321 section 4.5.1). A local recipient whose accounts are all at or over quota →
 * 452 4.2.2; an alias with some room is accepted and filed only for the accounts with room.
 */
@Stateless
public class SmtpReception {

    @EJB
    private LoginGuard logins;

    @EJB
    private Recipients recipients;

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
}
