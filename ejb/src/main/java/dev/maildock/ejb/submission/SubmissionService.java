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
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
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

    @Inject
    private Quotas quotas;

    /**
     * Sorts addresses into local (with the accounts they reach), remote, invalid and full (local,
     * but every account reached is at or over quota). An alias with some room is local and reaches
     * only the accounts with room, as at SMTP RCPT.
     */
    public RecipientPlan plan(Collection<String> addresses) {
        List<String> local = new ArrayList<>();
        Set<String> targets = new LinkedHashSet<>();
        List<String> remote = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        List<String> full = new ArrayList<>();
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
            Set<String> room = reached.isEmpty() ? reached : quotas.withRoom(reached);
            if (reached.isEmpty()) {
                invalid.add(address);
            } else if (room.isEmpty()) {
                full.add(address.trim());
            } else {
                local.add(address.trim());
                targets.addAll(room);
            }
        }
        return new RecipientPlan(local, targets, remote, invalid, full);
    }

    /**
     * Submission by an authenticated account, committed in the caller's transaction: the sender
     * must be its own address or alias, every recipient must be valid and have room (else
     * {@link RecipientsRefusedException} and nothing happens), a Received header is prepended, and
     * a copy goes to Sent when asked.
     */
    public SubmissionReceipt submit(Submission submission) {
        PreparedSubmission prepared = prepare(submission);
        return prepared.receipt(route(prepared.routing()));
    }

    /**
     * The checks and routing of {@link #submit} without filing anything: for callers that commit
     * the routing themselves, e.g. through {@link GroupCommit}.
     */
    public PreparedSubmission prepare(Submission submission) {
        String account = submission.account().toLowerCase(Locale.ROOT);
        if (!recipients.owns(account, submission.reversePath())) {
            throw new SenderNotOwnedException(account, submission.reversePath());
        }
        if (submission.recipients().isEmpty()) {
            throw new InvalidInputException("recipients", "at least one recipient is required");
        }
        if (submission.message().size() > config.maxMessageSize()) {
            throw new MessageTooLargeException(submission.message().size(), config.maxMessageSize());
        }
        RecipientPlan plan = plan(submission.recipients());
        if (plan.refuses()) {
            throw new RecipientsRefusedException(plan);
        }
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase(Locale.ROOT);
        List<String> all = submission.recipients();
        byte[] trace = TraceField.received(TraceField.clean(account) + " (authenticated)", config.hostname(),
                submission.protocol(), id, all.size() == 1 ? all.get(0) : null, ZonedDateTime.now());
        MessageSource traced = submission.message().prependedWith(trace);
        return new PreparedSubmission(plan, new Routing(submission.reversePath(), plan.targets(), plan.remote(), traced,
                account, hasEightBitOctets(submission.message()), submission.saveSent() ? submission.message() : null));
    }

    /**
     * Whether the message needs 8BITMIME (RFC 6152) to travel as it is: SMTP clients declare it
     * with BODY=8BITMIME, submissions inside the server are looked at instead.
     */
    private static boolean hasEightBitOctets(MessageSource message) {
        try {
            return dev.maildock.ejb.common.EightBit.in(message.open());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Files the message in the INBOX of each local account (with Return-Path, RFC 5321 section
     * 4.4), queues it once for the remote recipients and keeps the submitter's Sent copy, in the
     * caller's transaction.
     */
    public Filing route(Routing routing) {
        if (!routing.localTargets().isEmpty()) {
            byte[] returnPath = ("Return-Path: <" + routing.reversePath() + ">\r\n").getBytes(StandardCharsets.US_ASCII);
            mailboxes.deliverToInboxes(routing.localTargets(), routing.message().prependedWith(returnPath));
        }
        Long queueId = routing.remote().isEmpty() ? null
                : queue.enqueue(routing.reversePath(), routing.remote(), routing.message(), routing.submitter(),
                routing.eightBit());
        Long sentUid = routing.sentCopy() == null ? null
                : mailboxes.append(routing.submitter(), FolderRole.SENT.defaultName(), routing.sentCopy(), true, false);
        return new Filing(queueId, sentUid);
    }

    /**
     * {@link #route(Routing)} with its parts spelled out.
     *
     * @return the OutboundMessage id, or null when nothing was queued
     */
    public Long route(String reversePath, Set<String> localTargets, List<String> remote, MessageSource message,
                      String submitter, boolean eightBit) {
        return route(new Routing(reversePath, localTargets, remote, message, submitter, eightBit)).queueId();
    }

    /**
     * {@link #route(Routing)} in a transaction of its own, whatever the caller's: what
     * {@link GroupCommit} runs for a message committed alone.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Filing routeAlone(Routing routing) {
        return route(routing);
    }

    /**
     * Several messages in one transaction of their own (never the caller's: the batch holds other
     * sessions' messages too): one commit, one log flush, for all of them. The INBOX folders are
     * locked first, in one order, then the Sent folders, so two batches on two nodes cannot
     * deadlock.
     *
     * @return what each routing created, in the order given
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public List<Filing> routeAll(List<Routing> routings) {
        java.util.SortedSet<String> inboxes = new java.util.TreeSet<>();
        java.util.SortedSet<String> sentFolders = new java.util.TreeSet<>();
        for (Routing r : routings) {
            inboxes.addAll(r.localTargets());
            if (r.sentCopy() != null) {
                sentFolders.add(r.submitter());
            }
        }
        mailboxes.lockInboxes(inboxes);
        mailboxes.lockSentFolders(sentFolders);
        return routings.stream().map(this::route).toList();
    }
}
