package dev.maildock.ejb.provider;

import dev.maildock.ejb.account.AccountService;
import dev.maildock.ejb.account.LoginGuard;
import dev.maildock.ejb.common.ConflictException;
import dev.maildock.ejb.common.MaildockException;
import dev.maildock.ejb.common.NotFoundException;
import dev.maildock.ejb.delivery.QueuedRecipients;
import dev.maildock.ejb.mailbox.EntryView;
import dev.maildock.ejb.mailbox.FolderService;
import dev.maildock.ejb.mailbox.FolderView;
import dev.maildock.ejb.mailbox.MailboxService;
import dev.maildock.ejb.mailbox.MessageFlag;
import dev.maildock.ejb.mailbox.MessageQuery;
import dev.maildock.ejb.mailbox.MessageService;
import dev.maildock.ejb.mailbox.MessageSource;
import dev.maildock.ejb.mailbox.NoSuchFolderException;
import dev.maildock.ejb.submission.MailIntake;
import dev.maildock.ejb.submission.RecipientsRefusedException;
import dev.maildock.ejb.submission.SenderNotOwnedException;
import dev.maildock.ejb.submission.Submission;
import dev.maildock.ejb.submission.SubmissionReceipt;
import dev.maildock.provider.spi.Flag;
import dev.maildock.provider.spi.FolderInfo;
import dev.maildock.provider.spi.GatewayException;
import dev.maildock.provider.spi.GatewayException.Reason;
import dev.maildock.provider.spi.MaildockGateway;
import dev.maildock.provider.spi.MessageInfo;
import dev.maildock.provider.spi.SearchCriteria;
import dev.maildock.provider.spi.SendReceipt;
import jakarta.ejb.EJB;
import jakarta.ejb.Local;
import jakarta.ejb.Stateless;
import dev.maildock.ejb.submission.MessageTooLargeException;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Maildock's side of the Jakarta Mail provider: the {@link MaildockGateway} the provider jar (a
 * shared library) finds at {@link MaildockGateway#JNDI_NAME}. A thin adapter to the services SMTP,
 * POP3 and the webmail use; only JDK types and the shared jar's records cross, never an entity.
 *
 * <p>Each call is a transaction of its own (REQUIRES_NEW): an application calling Transport.send
 * inside its own transaction gets the SMTP guarantee (durable when the call returns) and a refused
 * send cannot doom the application's transaction.
 */
@Stateless
@Local(MaildockGateway.class)
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class ProviderGateway implements MaildockGateway {

    private static final Logger LOG = Logger.getLogger(ProviderGateway.class.getName());

    /** The Received field's "with": submitted inside the server, no network protocol. */
    static final String PROTOCOL = "LOCAL";

    private static final int MAX_CLIENT = 64;

    @EJB
    private LoginGuard logins;

    @EJB
    private AccountService accounts;

    @EJB
    private QueuedRecipients queue;

    @EJB
    private MailboxService mailboxes;

    @EJB
    private FolderService folderService;

    @EJB
    private MessageService messageService;

    @Inject
    private Tickets tickets;

    @Inject
    private MailIntake intake;

    @FunctionalInterface
    private interface Work<T> {
        T run();
    }

    @Override
    public String login(String user, String password, String client) throws GatewayException {
        String who = client == null || client.isBlank() ? "local" : client;
        String checked = who.length() > MAX_CLIENT ? who.substring(0, MAX_CLIENT) : who;
        return logins.login(user, password, checked).map(tickets::issue)
                .orElseThrow(() -> new GatewayException(Reason.AUTHENTICATION_FAILED, "authentication failed"));
    }

    @Override
    public String account(String ticket) throws GatewayException {
        return tickets.account(ticket).orElseThrow(() -> {
            LOG.warning("MAILDOCK0710W: A provider call came with a ticket this server did not issue"
                    + " (from before a restart of Maildock, or forged); the caller must connect again.");
            return new GatewayException(Reason.TICKET_INVALID,
                    "the connection's login is no longer valid (Maildock restarted?): connect again");
        });
    }

    /**
     * Filed through {@link MailIntake} like mail received over SMTP: concurrent sends share one
     * commit. Runs outside a transaction so it holds no connection while its batch commits.
     */
    @Override
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public SendReceipt send(String ticket, String reversePath, List<String> recipients, byte[] message,
                            boolean saveSent, boolean sendPartial) throws GatewayException {
        String account = account(ticket);
        // A disabled account keeps no right to send, even on a connection opened before.
        if (!accounts.acceptsMail(account)) {
            throw new GatewayException(Reason.AUTHENTICATION_FAILED, "the account " + account + " is disabled");
        }
        try {
            SubmissionReceipt receipt = guarded(() -> intake.submit(new Submission(account, reversePath, recipients,
                    MessageSource.ofBytes(message), PROTOCOL, saveSent, sendPartial)));
            return new SendReceipt(receipt.delivered(), receipt.queued(), receipt.invalid(), receipt.queueId(),
                    receipt.sentUid());
        } catch (RecipientsRefusedException e) {
            throw new GatewayException(Reason.RECIPIENTS_REFUSED, e.getMessage(), e.getPlan().valid(),
                    e.getPlan().invalid());
        }
    }

    @Override
    public List<String> queueStatus(String ticket, long queueId) throws GatewayException {
        return queue.of(queueId, account(ticket));
    }

    @Override
    public List<FolderInfo> folders(String ticket) throws GatewayException {
        String account = account(ticket);
        return guarded(() -> mailboxes.folders(account).stream().map(ProviderGateway::info).toList());
    }

    @Override
    public FolderInfo createFolder(String ticket, String name) throws GatewayException {
        String account = account(ticket);
        return guarded(() -> info(folderService.create(account, name)));
    }

    @Override
    public void renameFolder(String ticket, String from, String to) throws GatewayException {
        String account = account(ticket);
        guarded(() -> {
            folderService.rename(account, from, to);
            return null;
        });
    }

    @Override
    public void deleteFolder(String ticket, String name) throws GatewayException {
        String account = account(ticket);
        guarded(() -> {
            folderService.delete(account, name);
            return null;
        });
    }

    @Override
    public List<MessageInfo> messages(String ticket, String folder) throws GatewayException {
        String account = account(ticket);
        // Ascending UID order, as the listing query returns it: the provider's message numbers.
        return guarded(() -> mailboxes.list(account, folder).stream().map(ProviderGateway::info).toList());
    }

    @Override
    public byte[] content(String ticket, String folder, long uid) throws GatewayException {
        String account = account(ticket);
        return guarded(() -> mailboxes.raw(account, folder, uid));
    }

    @Override
    public int setFlags(String ticket, String folder, List<Long> uids, Set<Flag> flags, boolean value)
            throws GatewayException {
        String account = account(ticket);
        return guarded(() -> {
            int found = 0;
            for (Flag flag : flags) {
                found = messageService.setFlag(account, folder, uids, MessageFlag.valueOf(flag.name()), value);
            }
            return found;
        });
    }

    @Override
    public long append(String ticket, String folder, byte[] message, Set<Flag> flags) throws GatewayException {
        String account = account(ticket);
        return guarded(() -> {
            long uid = mailboxes.append(account, folder, MessageSource.ofBytes(message), flags.contains(Flag.SEEN),
                    flags.contains(Flag.DRAFT));
            for (Flag flag : flags) {
                if (flag != Flag.SEEN && flag != Flag.DRAFT) {
                    messageService.setFlag(account, folder, List.of(uid), MessageFlag.valueOf(flag.name()), true);
                }
            }
            return uid;
        });
    }

    @Override
    public Map<Long, Long> copy(String ticket, String from, List<Long> uids, String to) throws GatewayException {
        String account = account(ticket);
        return guarded(() -> messageService.copy(account, from, uids, to));
    }

    @Override
    public Map<Long, Long> move(String ticket, String from, List<Long> uids, String to) throws GatewayException {
        String account = account(ticket);
        return guarded(() -> messageService.move(account, from, uids, to));
    }

    @Override
    public List<Long> expunge(String ticket, String folder) throws GatewayException {
        String account = account(ticket);
        return guarded(() -> messageService.expunge(account, folder));
    }

    @Override
    public List<Long> search(String ticket, String folder, SearchCriteria c) throws GatewayException {
        String account = account(ticket);
        MessageQuery query = new MessageQuery(c.subject(), c.from(), c.recipient(), c.body(), flags(c.withFlags()),
                flags(c.withoutFlags()), c.receivedSince(), c.receivedBefore(), c.sentSince(), c.sentBefore());
        return guarded(() -> messageService.searchUids(account, folder, query));
    }

    /**
     * Runs service work and turns the services' refusals into the gateway's. A refusal has already
     * marked this call's transaction for rollback (the services' exceptions say rollback = true).
     */
    private static <T> T guarded(Work<T> work) throws GatewayException {
        try {
            return work.run();
        } catch (RecipientsRefusedException e) {
            throw e;
        } catch (MaildockException e) {
            throw new GatewayException(reason(e), e.getMessage());
        }
    }

    private static Reason reason(MaildockException e) {
        if (e instanceof NoSuchFolderException) {
            return Reason.NO_SUCH_FOLDER;
        }
        if (e instanceof NotFoundException) {
            return Reason.NOT_FOUND;
        }
        if (e instanceof ConflictException) {
            return Reason.FOLDER_EXISTS;
        }
        if (e instanceof SenderNotOwnedException) {
            return Reason.SENDER_NOT_OWNED;
        }
        if (e instanceof MessageTooLargeException) {
            return Reason.MESSAGE_TOO_LARGE;
        }
        return Reason.INVALID_INPUT;
    }

    private static Set<MessageFlag> flags(Set<Flag> flags) {
        Set<MessageFlag> out = EnumSet.noneOf(MessageFlag.class);
        flags.forEach(f -> out.add(MessageFlag.valueOf(f.name())));
        return out;
    }

    private static FolderInfo info(FolderView f) {
        return new FolderInfo(f.name(), f.role().name(), f.uidValidity(), f.nextUid(), f.messages(), f.unseen());
    }

    private static MessageInfo info(EntryView e) {
        Set<Flag> flags = EnumSet.noneOf(Flag.class);
        for (MessageFlag flag : MessageFlag.values()) {
            if (e.has(flag)) {
                flags.add(Flag.valueOf(flag.name()));
            }
        }
        return new MessageInfo(e.uid(), e.size(), e.received(), flags);
    }
}
