package dev.maildock.ejb.smtp;

import dev.maildock.ejb.account.AccountService;
import dev.maildock.ejb.account.LoginGuard;
import dev.maildock.ejb.account.AliasService;
import dev.maildock.ejb.account.AliasView;
import dev.maildock.ejb.account.DomainService;
import dev.maildock.ejb.account.DomainView;
import dev.maildock.ejb.config.MaildockConfig;
import dev.maildock.ejb.mailbox.MailboxService;
import dev.maildock.ejb.mailbox.MessageSource;
import dev.maildock.rar.api.AuthResult;
import dev.maildock.rar.api.Envelope;
import dev.maildock.rar.api.ForwardPath;
import dev.maildock.rar.api.ReversePath;
import dev.maildock.rar.api.SessionInfo;
import dev.maildock.rar.api.Verdict;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The platform's SMTP decisions: who may log in, which recipients are accepted, and filing a
 * received message in the local INBOXes in one transaction (so the adapter's 250 is durable).
 * <p>
 * Policy (DESIGN.md section 4): local domain + existing account or alias → accept; unknown local
 * user → 550 5.1.1; non-local recipient → 550 5.7.1 unless the session is authenticated, and then
 * 451 4.3.0 for now, because the outbound queue does not exist yet (a later issue) and accepting
 * would be a promise nobody keeps. {@code postmaster} is always accepted (RFC 5321 section 4.5.1).
 */
@Stateless
public class SmtpReception {

    private static final Logger LOG = Logger.getLogger(SmtpReception.class.getName());
    private static final int MAX_ALIAS_DEPTH = 5;
    static final String OUTBOUND_NOT_AVAILABLE = "outbound delivery not available yet";
    static final String POSTMASTER_MISSING = "postmaster mailbox not configured, try again later";

    @EJB
    private DomainService domains;

    @EJB
    private AccountService accounts;

    @EJB
    private LoginGuard logins;

    @EJB
    private AliasService aliases;

    @EJB
    private MailboxService mailboxes;

    @Inject
    private MaildockConfig config;

    /** SMTP AUTH through the lockout every protocol shares (per account and per client address). */
    public AuthResult authenticate(String user, String password, String clientAddress) {
        return logins.login(user, password, clientAddress).map(AuthResult::success).orElseGet(AuthResult::failure);
    }

    /** An authenticated user sends as their own address or an alias that reaches them only. */
    public Verdict mailFrom(SessionInfo session, ReversePath from) {
        if (!session.authenticated() || from.isNull()) {
            return Verdict.accept();
        }
        String address = from.address().toLowerCase(Locale.ROOT);
        if (address.equals(session.authenticatedUser()) || resolve(address).contains(session.authenticatedUser())) {
            return Verdict.accept();
        }
        return Verdict.of(Verdict.Outcome.SENDER_NOT_OWNED);
    }

    public Verdict rcptTo(SessionInfo session, ForwardPath to) {
        if (to.isPostmaster() && (to.domain() == null || isLocal(to.domain()))) {
            return Verdict.accept();
        }
        if (isLocal(to.domain())) {
            return resolve(to.normalized()).isEmpty() ? Verdict.of(Verdict.Outcome.MAILBOX_UNKNOWN) : Verdict.accept();
        }
        return session.authenticated() ? Verdict.tryLater(OUTBOUND_NOT_AVAILABLE) : Verdict.of(Verdict.Outcome.RELAY_DENIED);
    }

    /**
     * Files the message in the INBOX of every local account the recipients resolve to, stored once,
     * with a Return-Path header (RFC 5321 section 4.4), in the caller's transaction.
     */
    public Verdict deliver(Envelope envelope, byte[] message) {
        return deliver(envelope, MessageSource.ofBytes(message));
    }

    /** Delivery of a message read from its spool by streaming (see {@link MessageSource}). */
    public Verdict deliver(Envelope envelope, MessageSource message) {
        Set<String> targets = new LinkedHashSet<>();
        for (ForwardPath recipient : envelope.recipients()) {
            targets.addAll(recipient.isPostmaster() ? postmaster(recipient) : resolve(recipient.normalized()));
        }
        if (targets.isEmpty()) {
            // Only a postmaster without a mailbox: no 250 for mail that would be kept nowhere.
            LOG.warning("MAILDOCK0106W: Mail for postmaster cannot be filed: create an account or alias"
                    + " postmaster@<domain>. The sender was told to retry later.");
            return Verdict.tryLater(POSTMASTER_MISSING);
        }
        byte[] returnPath = ("Return-Path: " + envelope.reversePath() + "\r\n").getBytes(StandardCharsets.US_ASCII);
        mailboxes.deliverToInboxes(targets, message.prependedWith(returnPath));
        return Verdict.accept();
    }

    /**
     * Where postmaster mail goes: the account or alias postmaster@&lt;domain&gt;; for the bare
     * {@code postmaster}, postmaster@ the first domain of maildock.domains (else the first local
     * domain). When none exists the result is empty and delivery answers 451.
     */
    private Set<String> postmaster(ForwardPath recipient) {
        if (recipient.domain() != null) {
            return resolve(recipient.normalized());
        }
        Optional<String> domain = config.domains().stream().findFirst()
                .or(() -> domains.list().stream().map(DomainView::name).findFirst());
        return domain.map(d -> resolve("postmaster@" + d.toLowerCase(Locale.ROOT))).orElse(Set.of());
    }

    /** The local accounts an address reaches: itself, or the accounts its alias chain reaches. */
    private Set<String> resolve(String address) {
        Set<String> found = new LinkedHashSet<>();
        Set<String> seen = new LinkedHashSet<>();
        Deque<Hop> work = new ArrayDeque<>();
        work.add(new Hop(address, 0));
        while (!work.isEmpty()) {
            Hop next = work.poll();
            String candidate = next.address();
            int depth = next.depth();
            if (!seen.add(candidate) || depth > MAX_ALIAS_DEPTH) {
                continue;
            }
            if (accounts.acceptsMail(candidate)) {
                found.add(candidate);
                continue;
            }
            // Non-local alias targets are left out: forwarding needs the outbound queue (later issue).
            Optional<AliasView> alias = aliases.find(candidate);
            List<String> targets = alias.map(AliasView::targets).orElse(List.of());
            for (String target : targets) {
                work.add(new Hop(target.toLowerCase(Locale.ROOT), depth + 1));
            }
        }
        return found;
    }

    private record Hop(String address, int depth) {
    }

    private boolean isLocal(String domain) {
        return domain != null && !domain.startsWith("[") && domains.isLocal(domain);
    }
}
