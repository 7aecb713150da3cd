package dev.maildock.ejb.imap;

import dev.maildock.ejb.account.LoginGuard;
import dev.maildock.ejb.account.LoginVerdict;
import dev.maildock.ejb.common.TransientFailures;
import dev.maildock.ejb.listener.ConnectionPolicy;
import dev.maildock.rar.api.AuthResult;
import dev.maildock.rar.api.ClientInfo;
import dev.maildock.rar.api.ConnectVerdict;
import dev.maildock.rar.api.ImapListener;
import dev.maildock.rar.api.imap.AppendResult;
import dev.maildock.rar.api.imap.CopyResult;
import dev.maildock.rar.api.imap.ExpungedSince;
import dev.maildock.rar.api.imap.FetchNeeds;
import dev.maildock.rar.api.imap.FetchedMessage;
import dev.maildock.rar.api.imap.FlagChange;
import dev.maildock.rar.api.imap.MailboxChanges;
import dev.maildock.rar.api.imap.MailboxInfo;
import dev.maildock.rar.api.imap.MailboxOutcome;
import dev.maildock.rar.api.imap.MailboxStatus;
import dev.maildock.rar.api.imap.NewMessage;
import dev.maildock.rar.api.imap.QuotaUsage;
import dev.maildock.rar.api.imap.SearchKey;
import dev.maildock.rar.api.imap.Selection;
import dev.maildock.rar.api.imap.SpecialUse;
import dev.maildock.rar.api.imap.StoreResult;
import dev.maildock.rar.api.imap.UidSet;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The IMAP listeners' way into the platform: a thin adapter from {@link ImapListener} to
 * {@link ImapMailboxes} and {@link ImapMessages}, which own the transactions. A failing service
 * becomes the safe answer of its command (try later, nothing found, nothing changed), never an
 * exception on the adapter's thread.
 */
@MessageDriven
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ImapMdb implements ImapListener {

    private static final Logger LOG = Logger.getLogger(ImapMdb.class.getName());

    private static final StoreResult NOTHING_STORED = new StoreResult(List.of(), new long[0]);

    @EJB
    private ConnectionPolicy policy;

    @EJB
    private LoginGuard logins;

    @EJB
    private ImapMailboxes mailboxes;

    @EJB
    private ImapMessages messages;

    @Override
    public ConnectVerdict connect(ClientInfo client) {
        try {
            return policy.admit(client);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "MAILDOCK0440W: The mail store did not answer; refusing IMAP clients for now.", e);
            return ConnectVerdict.tryLater(policy.hostname(), "mail store unavailable");
        }
    }

    /** Through {@link LoginGuard}: the lockout is the one every protocol shares. */
    @Override
    public AuthResult login(ClientInfo client, String mechanism, String user, String password) {
        try {
            String address = client.remote() == null ? "unknown" : client.remote().getAddress().getHostAddress();
            LoginVerdict verdict = logins.check(user, password, address);
            return verdict.account().map(AuthResult::success).orElseGet(() -> AuthResult.failure(verdict.failureDelay()));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "MAILDOCK0441W: An IMAP login could not be checked; answering UNAVAILABLE.", e);
            return AuthResult.tryLater();
        }
    }

    @Override
    public List<MailboxInfo> mailboxes(String account) {
        return safely("LIST", () -> mailboxes.mailboxes(account), List.of());
    }

    @Override
    public MailboxStatus status(String account, String mailbox) {
        return safely("STATUS", () -> mailboxes.status(account, mailbox), null);
    }

    @Override
    public MailboxOutcome create(String account, String mailbox, SpecialUse specialUse) {
        return safely("CREATE", () -> mailboxes.create(account, mailbox, specialUse), MailboxOutcome.TRY_LATER);
    }

    @Override
    public MailboxOutcome delete(String account, String mailbox) {
        return safely("DELETE", () -> mailboxes.delete(account, mailbox), MailboxOutcome.TRY_LATER);
    }

    @Override
    public MailboxOutcome rename(String account, String from, String to) {
        return safely("RENAME", () -> mailboxes.rename(account, from, to), MailboxOutcome.TRY_LATER);
    }

    @Override
    public MailboxOutcome subscribe(String account, String mailbox, boolean subscribed) {
        return safely("SUBSCRIBE", () -> mailboxes.subscribe(account, mailbox, subscribed), MailboxOutcome.TRY_LATER);
    }

    @Override
    public Selection select(String account, String mailbox, boolean claimRecent) {
        return safely("SELECT", () -> messages.select(account, mailbox, claimRecent), null);
    }

    @Override
    public MailboxChanges changes(String account, long mailboxId, long sinceModSeq, boolean claimRecent) {
        // Nothing changed, not null (the mailbox is gone): the session asks again from the same
        // MODSEQ at the watcher's next tick or before its next command's answer.
        return safely("changes", () -> messages.changes(account, mailboxId, sinceModSeq, claimRecent),
                MailboxChanges.unknown(sinceModSeq));
    }

    @Override
    public long[] changedMailboxes(long[] mailboxIds, long[] knownModSeqs) {
        return safely("changedMailboxes", () -> messages.changedMailboxes(mailboxIds, knownModSeqs), new long[0]);
    }

    @Override
    public ExpungedSince expungedSince(String account, long mailboxId, long sinceModSeq, UidSet uids) {
        // Failing, "the log does not reach back": the session answers from its view, longer but never wrong.
        return safely("VANISHED", () -> messages.expungedSince(account, mailboxId, sinceModSeq, uids),
                new ExpungedSince(new long[0], false));
    }

    @Override
    public List<FetchedMessage> fetch(String account, long mailboxId, UidSet uids, FetchNeeds needs) {
        return safely("FETCH", () -> messages.fetch(account, mailboxId, uids, needs), List.of());
    }

    @Override
    public byte[] read(String account, long mailboxId, long uid, long offset, int length) {
        return safely("FETCH BODY[]", () -> messages.read(account, mailboxId, uid, offset, length), null);
    }

    @Override
    public StoreResult markSeen(String account, long mailboxId, UidSet uids) {
        return safely("FETCH \\Seen", () -> messages.markSeen(account, mailboxId, uids), NOTHING_STORED);
    }

    @Override
    public StoreResult store(String account, long mailboxId, UidSet uids, FlagChange change) {
        return safely("STORE", () -> messages.store(account, mailboxId, uids, change), NOTHING_STORED);
    }

    @Override
    public CopyResult copy(String account, long mailboxId, UidSet uids, String target, boolean move) {
        return safely(move ? "MOVE" : "COPY", () -> messages.copy(account, mailboxId, uids, target, move),
                CopyResult.of(CopyResult.Outcome.TRY_LATER));
    }

    @Override
    public long[] expunge(String account, long mailboxId, UidSet uids) {
        return safely("EXPUNGE", () -> messages.expunge(account, mailboxId, uids), new long[0]);
    }

    @Override
    public AppendResult append(String account, String mailbox, List<NewMessage> newMessages) {
        return safely("APPEND", () -> messages.append(account, mailbox, newMessages),
                AppendResult.of(AppendResult.Outcome.TRY_LATER));
    }

    @Override
    public long[] search(String account, long mailboxId, SearchKey key) {
        return safely("SEARCH", () -> messages.search(account, mailboxId, key), new long[0]);
    }

    @Override
    public QuotaUsage quota(String account) {
        return safely("GETQUOTA", () -> mailboxes.quota(account), new QuotaUsage(0, 0));
    }

    /**
     * Runs one service call, again when the database chose it as a deadlock's victim (on Derby a
     * reader's scan and a writer's delete in one folder can lock each other: seen under imaptest's
     * stress); any other failure is logged and answered with {@code fallback}.
     */
    private static <T> T safely(String command, Supplier<T> call, T fallback) {
        try {
            return TransientFailures.retry(call);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, e, () -> "MAILDOCK0442W: The IMAP command " + command
                    + " could not be completed; the session gets the command's temporary answer.");
            return fallback;
        }
    }
}
