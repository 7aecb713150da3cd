package dev.maildock.rar.imap;

import dev.maildock.rar.api.imap.FlagChange;
import dev.maildock.rar.api.imap.SpecialUse;
import dev.maildock.rar.api.imap.SystemFlag;
import dev.maildock.rar.smtp.MessageSpool;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One parsed IMAP command (RFC 9051 section 6, RFC 3501 for IMAP4rev1 clients, and the extensions
 * Maildock announces). Mailbox names are already the platform's (UTF-8, {@code INBOX} normalized);
 * sequence sets stay unresolved ({@link SequenceSet}) because only the session knows the mailbox.
 */
public sealed interface ImapCommand {

    String tag();

    record Capability(String tag) implements ImapCommand {
    }

    record Noop(String tag) implements ImapCommand {
    }

    record Logout(String tag) implements ImapCommand {
    }

    record StartTls(String tag) implements ImapCommand {
    }

    /**
     * @param initialResponse RFC 4959 SASL-IR: the base64 text, {@code ""} for {@code =} (an empty
     *                        response), null when none was given
     */
    record Authenticate(String tag, String mechanism, String initialResponse) implements ImapCommand {
    }

    record Login(String tag, String user, String password) implements ImapCommand {
    }

    /** RFC 5161; capability names in upper case. */
    record Enable(String tag, List<String> capabilities) implements ImapCommand {
    }

    /**
     * SELECT, or EXAMINE ({@code readOnly}) with RFC 7162's parameters.
     *
     * @param condstore the {@code CONDSTORE} parameter
     * @param qresync   the {@code QRESYNC} parameter, or null
     */
    record Select(String tag, String mailbox, boolean readOnly, boolean condstore, Qresync qresync)
            implements ImapCommand {
    }

    /**
     * SELECT's QRESYNC parameter (RFC 7162 section 3.2.5): what the client knew of the mailbox.
     *
     * @param knownUids the UIDs it holds, or null for all up to the highest
     */
    record Qresync(long uidValidity, long modSeq, SequenceSet knownUids) {
    }

    /** @param specialUse RFC 6154 {@code (USE (...))}, or null */
    record Create(String tag, String mailbox, SpecialUse specialUse) implements ImapCommand {
    }

    record Delete(String tag, String mailbox) implements ImapCommand {
    }

    record Rename(String tag, String from, String to) implements ImapCommand {
    }

    /** SUBSCRIBE ({@code subscribe}) or UNSUBSCRIBE. */
    record Subscribe(String tag, String mailbox, boolean subscribe) implements ImapCommand {
    }

    /**
     * LIST (RFC 9051 section 6.3.9 with RFC 5258 LIST-EXTENDED, RFC 6154, RFC 5819) or LSUB
     * ({@code lsub}, RFC 3501: as LIST (SUBSCRIBED) without the non-existent ones).
     *
     * @param patterns     one or more list-mailbox patterns, decoded like mailbox names but not normalized
     * @param statusItems  RFC 5819 RETURN (STATUS (...)), empty when not asked
     */
    record ListMailboxes(String tag, boolean lsub, String reference, List<String> patterns,
            Set<ListSelection> selection, Set<ListReturn> returns, Set<StatusItem> statusItems)
            implements ImapCommand {
    }

    record Namespace(String tag) implements ImapCommand {
    }

    record Status(String tag, String mailbox, Set<StatusItem> items) implements ImapCommand {
    }

    /** APPEND with one message, or several (RFC 3502 MULTIAPPEND). */
    record Append(String tag, String mailbox, List<AppendMessage> messages) implements ImapCommand {
    }

    /**
     * One message of an APPEND: its spool is owned by whoever holds the command.
     *
     * @param internalDate null when not given (now)
     * @param binary       sent as literal8 (RFC 3516 BINARY, or RFC 6855's {@code UTF8 (~{n})})
     */
    record AppendMessage(Set<SystemFlag> flags, List<String> keywords, OffsetDateTime internalDate,
            MessageSpool content, boolean binary) {
    }

    record Idle(String tag) implements ImapCommand {
    }

    record Check(String tag) implements ImapCommand {
    }

    record Close(String tag) implements ImapCommand {
    }

    record Unselect(String tag) implements ImapCommand {
    }

    /** EXPUNGE ({@code uids} null) or UID EXPUNGE (RFC 4315). */
    record Expunge(String tag, SequenceSet uids) implements ImapCommand {
    }

    /**
     * SEARCH or UID SEARCH.
     *
     * @param charset null when not given
     * @param returns RFC 4731 / RFC 9051 RETURN options; null without RETURN (an IMAP4rev1 SEARCH
     *                response), empty for {@code RETURN ()} (ESEARCH with ALL)
     */
    record Search(String tag, boolean uid, String charset, Set<SearchReturn> returns, SearchTerm program)
            implements ImapCommand {
    }

    /**
     * FETCH or UID FETCH (with UID among the items then, RFC 9051 section 6.4.9).
     *
     * @param changedSince RFC 7162 CHANGEDSINCE, -1 when not given
     * @param vanished     RFC 7162 VANISHED (only with UID FETCH and CHANGEDSINCE)
     */
    record Fetch(String tag, boolean uid, SequenceSet set, List<FetchItem> items, long changedSince,
            boolean vanished) implements ImapCommand {
    }

    /**
     * STORE or UID STORE.
     *
     * @param silent         {@code .SILENT}: no FETCH responses for the change itself
     * @param unchangedSince RFC 7162 UNCHANGEDSINCE, -1 when not given
     */
    record Store(String tag, boolean uid, SequenceSet set, FlagChange.Operation operation, boolean silent,
            Set<SystemFlag> flags, List<String> keywords, long unchangedSince) implements ImapCommand {
    }

    /** COPY or MOVE (RFC 6851, {@code move}), and their UID forms. */
    record Copy(String tag, boolean uid, SequenceSet set, String mailbox, boolean move) implements ImapCommand {
    }

    /** RFC 2971 ID; {@code fields} empty for NIL, in the client's order, values null for NIL. */
    record Id(String tag, Map<String, String> fields) implements ImapCommand {
    }

    /** RFC 9208 GETQUOTA. */
    record GetQuota(String tag, String root) implements ImapCommand {
    }

    /** RFC 9208 GETQUOTAROOT. */
    record GetQuotaRoot(String tag, String mailbox) implements ImapCommand {
    }

    /** RFC 9208 SETQUOTA: resource names in upper case to their limits. */
    record SetQuota(String tag, String root, Map<String, Long> limits) implements ImapCommand {
    }

    /** RFC 5258 selection options. */
    enum ListSelection { SUBSCRIBED, REMOTE, RECURSIVEMATCH, SPECIAL_USE }

    /** RFC 5258 / 6154 / 5819 return options. */
    enum ListReturn { SUBSCRIBED, CHILDREN, SPECIAL_USE, STATUS }

    /** STATUS data items (RFC 9051 section 6.3.11, RFC 7889 APPENDLIMIT, RFC 7162 HIGHESTMODSEQ). */
    enum StatusItem { MESSAGES, UIDNEXT, UIDVALIDITY, UNSEEN, DELETED, SIZE, APPENDLIMIT, RECENT, HIGHESTMODSEQ }

    /** RFC 4731 / RFC 9051 search return options (RFC 5182 SAVE). */
    enum SearchReturn { MIN, MAX, ALL, COUNT, SAVE }
}
