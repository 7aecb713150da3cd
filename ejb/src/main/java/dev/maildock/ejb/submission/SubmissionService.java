package dev.maildock.ejb.submission;

import dev.maildock.ejb.common.Addresses;
import dev.maildock.ejb.common.InvalidInputException;
import dev.maildock.ejb.config.MaildockConfig;
import dev.maildock.ejb.delivery.OutboundQueue;
import dev.maildock.ejb.mailbox.FolderRole;
import dev.maildock.ejb.mailbox.MailboxService;
import dev.maildock.ejb.mailbox.MessageSource;
import dev.maildock.rar.api.TraceField;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * The one way mail enters the platform after the sender is known: local recipients are filed in
 * their INBOX and remote ones put in the outbound queue, in the caller's transaction (so a 250 or
 * a returning Transport.send means both are durable). SMTP reception routes through
 * {@link #route}; the Jakarta Mail provider and the webmail submit through {@link #submit}, which
 * adds the policy SMTP applies at MAIL FROM and RCPT TO.
 */
@Stateless
public class SubmissionService {

    @EJB
    private Recipients recipients;

    @EJB
    private MailboxService mailboxes;

    @EJB
    private OutboundQueue queue;

    @Inject
    private MaildockConfig config;

    /** Sorts addresses into local (with the accounts they reach), remote and invalid. */
    public RecipientPlan plan(Collection<String> addresses) {
        List<String> local = new ArrayList<>();
        Set<String> targets = new LinkedHashSet<>();
        List<String> remote = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        for (String address : addresses) {
            String domain;
            try {
                domain = Addresses.domainOf(Addresses.mailbox("recipient", address));
            } catch (InvalidInputException e) {
                invalid.add(address);
                continue;
            }
            if (!recipients.isLocal(domain)) {
                remote.add(address.trim());
                continue;
            }
            Set<String> reached = recipients.resolve(address.trim());
            if (reached.isEmpty()) {
                invalid.add(address);
            } else {
                local.add(address.trim());
                targets.addAll(reached);
            }
        }
        return new RecipientPlan(local, targets, remote, invalid);
    }

    /**
     * Submission by an authenticated account: the sender must be its own address or alias, every
     * recipient must be valid (else {@link RecipientsRefusedException} and nothing happens), a
     * Received header is prepended, and a copy goes to Sent when asked.
     */
    public SubmissionReceipt submit(Submission submission) {
        String account = submission.account().toLowerCase(Locale.ROOT);
        if (!recipients.owns(account, submission.reversePath())) {
            throw new SenderNotOwnedException(account, submission.reversePath());
        }
        if (submission.recipients().isEmpty()) {
            throw new InvalidInputException("recipients", "at least one recipient is required");
        }
        RecipientPlan plan = plan(submission.recipients());
        if (plan.hasInvalid()) {
            throw new RecipientsRefusedException(plan);
        }
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase(Locale.ROOT);
        List<String> all = submission.recipients();
        byte[] trace = TraceField.received(TraceField.clean(account) + " (authenticated)", config.hostname(),
                submission.protocol(), id, all.size() == 1 ? all.get(0) : null, ZonedDateTime.now());
        MessageSource traced = submission.message().prependedWith(trace);
        Long queueId = route(new Routing(submission.reversePath(), plan.targets(), plan.remote(), traced, account, true));
        Long sentUid = submission.saveSent()
                ? mailboxes.append(account, FolderRole.SENT.defaultName(), submission.message(), true, false)
                : null;
        return new SubmissionReceipt(plan.local(), plan.remote(), queueId, sentUid);
    }

    /**
     * Files the message in the INBOX of each local account (with Return-Path, RFC 5321 section
     * 4.4) and queues it once for the remote recipients, in the caller's transaction.
     *
     * @return the OutboundMessage id, or null when nothing was queued
     */
    public Long route(Routing routing) {
        if (!routing.localTargets().isEmpty()) {
            byte[] returnPath = ("Return-Path: <" + routing.reversePath() + ">\r\n").getBytes(StandardCharsets.US_ASCII);
            mailboxes.deliverToInboxes(routing.localTargets(), routing.message().prependedWith(returnPath));
        }
        return routing.remote().isEmpty() ? null
                : queue.enqueue(routing.reversePath(), routing.remote(), routing.message(), routing.submitter(),
                routing.eightBit());
    }

    /** {@link #route(Routing)} with its parts spelled out. */
    public Long route(String reversePath, Set<String> localTargets, List<String> remote, MessageSource message,
                      String submitter, boolean eightBit) {
        return route(new Routing(reversePath, localTargets, remote, message, submitter, eightBit));
    }

    /**
     * Several messages in one transaction: one commit (one log flush) for all of them. The INBOX
     * folders are locked first, in one order, so two batches on two nodes cannot deadlock.
     */
    public void routeAll(List<Routing> routings) {
        java.util.SortedSet<String> inboxes = new java.util.TreeSet<>();
        routings.forEach(r -> inboxes.addAll(r.localTargets()));
        mailboxes.lockInboxes(inboxes);
        routings.forEach(this::route);
    }
}
