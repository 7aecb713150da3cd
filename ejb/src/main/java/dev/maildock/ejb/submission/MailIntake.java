package dev.maildock.ejb.submission;

import dev.maildock.ejb.mailbox.MessageSource;
import dev.maildock.rar.api.Envelope;
import dev.maildock.rar.api.Verdict;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one door mail comes in by: SMTP ({@link #receive}), the Jakarta Mail provider and the
 * webmail ({@link #submit}), and the outbound queue's delivery status notices ({@link #notice}).
 * Whichever way in, local recipients get the message in their INBOX and remote ones in the
 * {@link Outbox}, both durable when the call returns.
 * <p>
 * Received and submitted mail is committed by {@link GroupCommit}: one transaction and one log
 * flush for the messages that arrive together, and a transaction the database rolled back for a
 * transient reason run again, so a 250, a returning Transport.send and a webmail "sent" promise
 * the same. Call {@link #receive} and {@link #submit} outside a transaction: they wait for their
 * batch and must hold no connection meanwhile. A CDI bean, not an EJB: the SMTP path pays no
 * container call for the door itself.
 */
@ApplicationScoped
public class MailIntake {

    static final String POSTMASTER_MISSING = "postmaster mailbox not configured, try again later";

    @EJB
    private SubmissionService submissions;

    @EJB
    private Recipients recipients;

    @Inject
    private GroupCommit commits;

    /**
     * Files a message received over SMTP (its recipients accepted at RCPT TO) for the local accounts
     * they reach and, from an authenticated session, the remote ones. ACCEPT once it is durable;
     * TRY_LATER when it would be kept nowhere (postmaster without a mailbox).
     */
    public Verdict receive(Envelope envelope, MessageSource message) {
        Optional<Routing> routing = submissions.routing(envelope, message);
        if (routing.isEmpty()) {
            return Verdict.tryLater(POSTMASTER_MISSING);
        }
        commits.commit(routing.get());
        return Verdict.accept();
    }

    /**
     * Files a message an authenticated account hands in outside SMTP, with the policy SMTP applies
     * at MAIL FROM and RCPT TO (see {@link SubmissionService#prepare}); returns once it is durable.
     *
     * @throws RecipientsRefusedException  when some recipient cannot take it (nothing is filed)
     * @throws SenderNotOwnedException     when the reverse path is not the account's
     * @throws MessageTooLargeException    when it is over maildock.maxMessageSize
     */
    public SubmissionReceipt submit(Submission submission) {
        PreparedSubmission prepared = submissions.prepare(submission);
        return prepared.receipt(commits.commit(prepared.routing()));
    }

    /**
     * Files a delivery status notice (RFC 3464) for {@code recipient}, from the null reverse path
     * {@code <>} (RFC 5321 section 4.5.5: a notice that cannot be delivered never causes another),
     * in the caller's transaction: the queue records the outcome that caused the notice and the
     * notice together, and groups and retries those transactions itself.
     *
     * @param postmasterCopy whether postmaster gets a copy too
     * @return false when the notice reaches nobody (the recipient is a local address without an
     *         account, and no postmaster copy was asked for or possible): nothing was filed
     */
    public boolean notice(String recipient, byte[] notice, boolean postmasterCopy, boolean eightBit) {
        RecipientPlan plan = submissions.plan(List.of(recipient));
        Set<String> local = new LinkedHashSet<>(plan.targets());
        if (postmasterCopy) {
            local.addAll(recipients.postmaster());
        }
        if (local.isEmpty() && plan.remote().isEmpty()) {
            return false;
        }
        submissions.route(new Routing("", local, plan.remote(), MessageSource.ofBytes(notice), null, eightBit));
        return true;
    }
}
