package dev.maildock.rar.api;

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
import java.util.List;

/**
 * What the IMAP listeners ask the mail platform. An MDB implements it; the adapter calls it on a
 * WorkManager thread, one endpoint per call, never from a socket event loop. Every method is
 * synchronous and runs in its own transaction on the platform's side.
 * <p>
 * The session keeps only what IMAP makes it keep (the selected mailbox's UID list, the MODSEQ it
 * has reported up to); messages, flags and folders live on the platform, shared with SMTP, POP3,
 * the webmail and the provider. {@code account} is always the identity a successful {@code login}
 * returned, and the platform checks that a {@code mailboxId} belongs to it: a session can never
 * reach another account's mailbox. Mailbox names are UTF-8 with {@code /} as the hierarchy
 * delimiter ({@code INBOX} in any case is the inbox); the session converts modified UTF-7.
 * A UID set names UIDs, some of which may no longer exist: those are skipped, never an error.
 */
public interface ImapListener {

    /** A client connected: admit it (with the identity to greet as) or refuse it. */
    ConnectVerdict connect(ClientInfo client);

    /**
     * LOGIN or AUTHENTICATE ({@code mechanism} {@code LOGIN} or {@code PLAIN}; the session decoded
     * the SASL exchange). One answer for an unknown user and a wrong password.
     */
    AuthResult login(ClientInfo client, String mechanism, String user, String password);

    /**
     * Every mailbox of the account and every subscribed name that is no mailbox
     * ({@link MailboxInfo#subscribedName}), in no particular order; the session does LIST's matching.
     */
    List<MailboxInfo> mailboxes(String account);

    /** STATUS of one mailbox, or null when it does not exist. */
    MailboxStatus status(String account, String mailbox);

    /** CREATE, with an optional special use (RFC 6154 CREATE-SPECIAL-USE; null for none). */
    MailboxOutcome create(String account, String mailbox, SpecialUse specialUse);

    /** DELETE (RFC 9051 section 6.3.4: the inbox cannot be deleted). */
    MailboxOutcome delete(String account, String mailbox);

    /** RENAME, inferior mailboxes included; renaming INBOX moves its messages to a new mailbox. */
    MailboxOutcome rename(String account, String from, String to);

    /** SUBSCRIBE ({@code true}) or UNSUBSCRIBE. */
    MailboxOutcome subscribe(String account, String mailbox, boolean subscribed);

    /**
     * SELECT or EXAMINE: the mailbox as it is now, or null when it does not exist.
     *
     * @param claimRecent an IMAP4rev1 SELECT: the messages no session has seen become this
     *                    session's {@code \Recent} ones and nobody else's (RFC 3501 section 2.3.2)
     */
    Selection select(String account, String mailbox, boolean claimRecent);

    /**
     * What changed in a selected mailbox after {@code sinceModSeq}, from any path, any server; null
     * when the mailbox no longer exists (deleted by another session, the webmail or the provider).
     *
     * @param claimRecent as for {@link #select}: new messages no session has seen become this one's
     */
    MailboxChanges changes(String account, long mailboxId, long sinceModSeq, boolean claimRecent);

    /**
     * Which of these mailboxes changed after the MODSEQ the caller knows ({@code knownModSeqs[i]}
     * for {@code mailboxIds[i]}): one cheap question for every idling session of this server.
     * Returns the ids that changed; ids that no longer exist count as changed.
     */
    long[] changedMailboxes(long[] mailboxIds, long[] knownModSeqs);

    /**
     * QRESYNC's {@code VANISHED (EARLIER)}: the UIDs of {@code uids} expunged from the mailbox after
     * {@code sinceModSeq}, from the expunge log; null when the mailbox no longer exists.
     */
    ExpungedSince expungedSince(String account, long mailboxId, long sinceModSeq, UidSet uids);

    /**
     * FETCH: the messages of {@code uids} that exist, ascending by UID. The session asks in slices
     * (a few hundred UIDs at a time) and asks for the next slice only once the socket drained.
     */
    List<FetchedMessage> fetch(String account, long mailboxId, UidSet uids, FetchNeeds needs);

    /**
     * Up to {@code length} octets of one message from {@code offset} (BODY[] of a large message or
     * one of its parts), or null when the message no longer exists.
     */
    byte[] read(String account, long mailboxId, long uid, long offset, int length);

    /**
     * Sets {@code \Seen} on these messages unless they have it (a BODY[] fetch without PEEK,
     * RFC 9051 section 6.4.5); returns the messages whose flags changed.
     */
    StoreResult markSeen(String account, long mailboxId, UidSet uids);

    /** STORE flags: bumps the MODSEQ of each message it changes. */
    StoreResult store(String account, long mailboxId, UidSet uids, FlagChange change);

    /** COPY ({@code move} false) or MOVE into the mailbox named {@code target}. */
    CopyResult copy(String account, long mailboxId, UidSet uids, String target, boolean move);

    /**
     * EXPUNGE ({@code uids} null: every message with {@code \Deleted}) or UID EXPUNGE (only those
     * of {@code uids} that have {@code \Deleted}). Returns the expunged UIDs, ascending.
     */
    long[] expunge(String account, long mailboxId, UidSet uids);

    /**
     * APPEND one message, or a MULTIAPPEND's several in their order: all of them or, when any is
     * refused or storing fails, none (RFC 3502 section 3). Returns once they are durable. The
     * messages' spools are deleted after the call returns.
     */
    AppendResult append(String account, String mailbox, List<NewMessage> messages);

    /** SEARCH: the UIDs of the messages that match, ascending. */
    long[] search(String account, long mailboxId, SearchKey key);

    /** The account's storage use and limit (RFC 9208 GETQUOTA / GETQUOTAROOT). */
    QuotaUsage quota(String account);
}
