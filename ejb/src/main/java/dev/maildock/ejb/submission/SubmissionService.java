package dev.maildock.ejb.submission;

import dev.maildock.ejb.common.Addresses;
import dev.maildock.ejb.common.EightBit;
import dev.maildock.ejb.common.InvalidInputException;
import dev.maildock.ejb.config.MaildockConfig;
import dev.maildock.ejb.mailbox.FolderRole;
import dev.maildock.ejb.mailbox.MailboxService;
import dev.maildock.ejb.mailbox.MessageSource;
import dev.maildock.rar.api.Envelope;
import dev.maildock.rar.api.ForwardPath;
import dev.maildock.rar.api.TraceField;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * The transactional steps behind {@link MailIntake}, the door every message comes in by: where a
 * message goes (the SMTP envelope's {@link #routing}, a submission's {@link #prepare} with the
 * policy SMTP applies at MAIL FROM and RCPT TO), and {@link #route filing} it: local recipients in
 * their INBOX, remote ones in the {@link Outbox}, in one transaction.
 */
@Stateless
public class SubmissionService {

    private static final Logger LOG = Logger.getLogger(SubmissionService.class.getName());

    @EJB
    private Recipients recipients;

    @EJB
    private MailboxService mailboxes;

    @EJB
    private Outbox outbox;

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
     * Where mail received over SMTP goes: the local accounts the recipients resolve to and, for an
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

    /**
     * The checks and routing of a submission by an authenticated account, without filing anything:
     * the sender must be its own address or alias, every recipient must be valid and have room
     * (else {@link RecipientsRefusedException}; invalid ones are left out instead when the
     * submission asks to send partially and some recipient is valid), a Received header is
     * prepended, and a copy goes to Sent when asked. The recipients are planned once, here.
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
        boolean leaveOutInvalid = submission.sendPartial() && plan.hasInvalid() && plan.reachesSomeone();
        RecipientPlan sent = leaveOutInvalid ? plan.withoutInvalid() : plan;
        if (sent.refuses()) {
            throw new RecipientsRefusedException(sent);
        }
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase(Locale.ROOT);
        List<String> all = leaveOutInvalid ? sent.valid() : submission.recipients();
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
            return EightBit.in(message.open());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
                : outbox.enqueue(routing.reversePath(), routing.remote(), routing.message(), routing.submitter(),
                routing.eightBit());
        Long sentUid = routing.sentCopy() == null ? null
                : mailboxes.append(routing.submitter(), FolderRole.SENT.defaultName(), routing.sentCopy(), true, false);
        return new Filing(queueId, sentUid);
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
        SortedSet<String> inboxes = new TreeSet<>();
        SortedSet<String> sentFolders = new TreeSet<>();
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
