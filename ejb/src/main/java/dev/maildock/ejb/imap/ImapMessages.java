package dev.maildock.ejb.imap;

import dev.maildock.ejb.common.InLists;
import dev.maildock.ejb.config.MaildockConfig;
import dev.maildock.ejb.mailbox.ContentStore;
import dev.maildock.ejb.mailbox.Expunges;
import dev.maildock.ejb.mailbox.Folder;
import dev.maildock.ejb.mailbox.MailboxEntry;
import dev.maildock.ejb.mailbox.MailboxService;
import dev.maildock.ejb.mailbox.MessageFlag;
import dev.maildock.ejb.mailbox.MessageService;
import dev.maildock.ejb.mailbox.MessageSource;
import dev.maildock.ejb.mailbox.MessageSummary;
import dev.maildock.ejb.mailbox.structure.MessageStructures;
import dev.maildock.ejb.submission.Quotas;
import dev.maildock.rar.api.MessageData;
import dev.maildock.rar.api.imap.AppendResult;
import dev.maildock.rar.api.imap.CopyResult;
import dev.maildock.rar.api.imap.ExpungedSince;
import dev.maildock.rar.api.imap.FetchNeeds;
import dev.maildock.rar.api.imap.FetchedMessage;
import dev.maildock.rar.api.imap.FlagChange;
import dev.maildock.rar.api.imap.MailboxChanges;
import dev.maildock.rar.api.imap.MessageFlags;
import dev.maildock.rar.api.imap.MessageStructure;
import dev.maildock.rar.api.imap.NewMessage;
import dev.maildock.rar.api.imap.SearchKey;
import dev.maildock.rar.api.imap.Selection;
import dev.maildock.rar.api.imap.StoreResult;
import dev.maildock.rar.api.imap.SystemFlag;
import dev.maildock.rar.api.imap.UidSet;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.mail.internet.InternetHeaders;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * IMAP's commands on the messages of a mailbox. Every call names the account and every query joins
 * on it: a mailbox id of another account finds nothing. Changes lock the folder row and take one
 * MODSEQ from it for all the messages they change, like every other path ({@link Expunges}).
 */
@Stateless
public class ImapMessages {

    /** The flag columns as the projections below read them, in {@link SystemFlag} order. */
    private static final String FLAGS = "e.seen, e.answered, e.flagged, e.deleted, e.draft";
    /**
     * The entries changed after a MODSEQ, by the MODSEQ index: Derby's optimizer took the folder's
     * foreign-key index and read every row of the folder (10,000 for one NOOP), so the index is
     * named in a Derby properties comment, which is only a comment to PostgreSQL. Unsorted: an
     * ORDER BY UID would steer it to the (folder, UID) index again.
     */
    private static final String CHANGED_SINCE = "SELECT UID, SEEN, ANSWERED, FLAGGED, DELETED, DRAFT, KEYWORDS, MODSEQ"
            + " FROM MD_MAILBOX_ENTRY --DERBY-PROPERTIES index=MD_ENTRY_BY_MODSEQ\n"
            + " WHERE FOLDER_ID = ? AND MODSEQ > ?";

    @PersistenceContext(unitName = "maildock")
    private EntityManager em;

    @Inject
    private ContentStore contents;

    @Inject
    private Quotas quotas;

    @Inject
    private MaildockConfig config;

    @EJB
    private MailboxService mailboxes;

    @EJB
    private MessageService messages;

    @EJB
    private MessageStructures structures;

    /**
     * SELECT: the folder's row first, then its UIDs: a message filed in between is in the list and
     * reported again by {@link #changes}, never lost.
     */
    public Selection select(String account, String mailbox, boolean claimRecent) {
        Optional<Folder> found = AccountFolders.byName(em, account, mailbox);
        if (found.isEmpty()) {
            return null;
        }
        Folder folder = found.get();
        long highestModSeq = folder.getHighestModSeq();
        // One pass over the folder's rows for the UIDs, the first unseen and the keywords in use
        // (a second, DISTINCT pass for the keywords doubled SELECT's time on a large folder).
        List<Object[]> rows = em.createQuery("SELECT e.uid, e.seen, e.keywords FROM MailboxEntry e WHERE e.folder = :f"
                + " ORDER BY e.uid", Object[].class).setParameter("f", folder).getResultList();
        long[] uids = new long[rows.size()];
        long firstUnseen = 0;
        Map<String, String> keywords = new LinkedHashMap<>();
        for (int i = 0; i < uids.length; i++) {
            Object[] row = rows.get(i);
            uids[i] = (Long) row[0];
            if (firstUnseen == 0 && !(Boolean) row[1]) {
                firstUnseen = uids[i];
            }
            if (row[2] != null) {
                MailboxEntry.keywordList((String) row[2]).forEach(k -> keywords.putIfAbsent(k.toLowerCase(Locale.ROOT), k));
            }
        }
        long uidNext = Math.max(folder.getNextUid(), uids.length == 0 ? 1 : uids[uids.length - 1] + 1);
        long firstRecent = claimRecent ? claimRecent(folder, uidNext) : folder.getFirstRecentUid();
        return new Selection(folder.getId(), folder.getUidValidity(), uidNext, highestModSeq, uids, firstUnseen,
                List.copyOf(keywords.values()), firstRecent);
    }

    /**
     * Makes the messages below {@code uidNext} that no session has seen yet this session's
     * {@code \Recent} ones: a compare-and-set on the folder's mark, so of two sessions claiming
     * at once only one gets them. Returns the first UID claimed, {@link Long#MAX_VALUE} for none.
     */
    private long claimRecent(Folder folder, long uidNext) {
        long first = folder.getFirstRecentUid();
        if (first >= uidNext) {
            return Long.MAX_VALUE;
        }
        int claimed = em.createQuery("UPDATE Folder f SET f.firstRecentUid = :next WHERE f.id = :id"
                        + " AND COALESCE(f.firstRecentUid, 1) = :first")
                .setParameter("next", uidNext).setParameter("id", folder.getId()).setParameter("first", first)
                .executeUpdate();
        return claimed == 1 ? first : Long.MAX_VALUE;
    }

    /** Entries and expunge-log rows above {@code sinceModSeq}; null when the mailbox is gone. */
    public MailboxChanges changes(String account, long mailboxId, long sinceModSeq, boolean claimRecent) {
        Optional<Folder> found = AccountFolders.byId(em, account, mailboxId);
        if (found.isEmpty()) {
            return null;
        }
        Folder folder = found.get();
        long highestModSeq = folder.getHighestModSeq();
        long[] expunged = em.createQuery("SELECT x.uid FROM ExpungedEntry x WHERE x.folderId = :f AND x.modSeq > :s"
                        + " ORDER BY x.uid", Long.class)
                .setParameter("f", folder.getId()).setParameter("s", sinceModSeq).getResultStream()
                .mapToLong(Long::longValue).toArray();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(CHANGED_SINCE).setParameter(1, folder.getId())
                .setParameter(2, sinceModSeq).getResultList();
        List<MessageFlags> changed = rows.stream().map(ImapMessages::flagsOf)
                .sorted(Comparator.comparingLong(MessageFlags::uid)).toList();
        // A delivery committed between the folder's row and the entries is among them: UIDNEXT
        // (and what this call claims as \Recent) covers it, or the session would tell it as not
        // recent to anyone (seen under ImapClientsIT's IDLE).
        long uidNext = Math.max(folder.getNextUid(), changed.isEmpty() ? 0 : changed.get(changed.size() - 1).uid() + 1);
        return new MailboxChanges(highestModSeq, uidNext, expunged, changed,
                claimRecent ? claimRecent(folder, uidNext) : Long.MAX_VALUE);
    }

    /**
     * QRESYNC's VANISHED (EARLIER): the expunge log's rows above {@code sinceModSeq} among
     * {@code uids}, or "incomplete" when the log was pruned past it; null when the mailbox is gone.
     */
    public ExpungedSince expungedSince(String account, long mailboxId, long sinceModSeq, UidSet uids) {
        Optional<Folder> found = AccountFolders.byId(em, account, mailboxId);
        if (found.isEmpty()) {
            return null;
        }
        Folder folder = found.get();
        if (sinceModSeq < folder.getPrunedModSeq()) {
            return new ExpungedSince(new long[0], false);
        }
        Map<String, Object> parameters = new HashMap<>();
        TypedQuery<Long> query = em.createQuery("SELECT e.uid FROM ExpungedEntry e WHERE e.folderId = :f"
                + " AND e.modSeq > :s AND " + UidRanges.condition(uids, "u", parameters) + " ORDER BY e.uid", Long.class)
                .setParameter("f", folder.getId()).setParameter("s", sinceModSeq);
        parameters.forEach(query::setParameter);
        boolean exact = UidRanges.exact(uids);
        return new ExpungedSince(query.getResultStream().mapToLong(Long::longValue)
                .filter(uid -> exact || uids.contains(uid)).toArray(), true);
    }

    /** One query over the folder rows (sliced for very many ids); ids without a row count as changed. */
    public long[] changedMailboxes(long[] mailboxIds, long[] knownModSeqs) {
        Map<Long, Long> known = new HashMap<>();
        for (int i = 0; i < mailboxIds.length; i++) {
            known.put(mailboxIds[i], knownModSeqs[i]);
        }
        Set<Long> unchanged = new TreeSet<>();
        for (List<Long> slice : InLists.slices(known.keySet())) {
            for (Object[] row : em.createQuery("SELECT f.id, f.highestModSeq FROM Folder f WHERE f.id IN :ids",
                    Object[].class).setParameter("ids", slice).getResultList()) {
                long now = row[1] == null ? 0 : (Long) row[1];
                if (now <= known.get((Long) row[0])) {
                    unchanged.add((Long) row[0]);
                }
            }
        }
        return known.keySet().stream().filter(id -> !unchanged.contains(id)).mapToLong(Long::longValue).sorted().toArray();
    }

    /**
     * FETCH of one slice: one query for the messages, one more for the contents of those that are
     * small enough to send whole.
     */
    public List<FetchedMessage> fetch(String account, long mailboxId, UidSet uids, FetchNeeds needs) {
        Map<String, Object> parameters = new HashMap<>();
        String inSet = UidRanges.condition(uids, "u", parameters);
        String where = " FROM MailboxEntry e WHERE e.folder.id = :f AND e.folder.account.address = :a AND " + inSet;
        List<Object[]> rows = bind(em.createQuery("SELECT e.uid, " + FLAGS + ", e.keywords, e.modSeq, e.received,"
                + " e.size, e.content.id" + where + " ORDER BY e.uid", Object[].class), parameters, account, mailboxId)
                .getResultList();
        // Before any content is read here: Derby holds a read lock on a row whose BLOB this
        // transaction read until it ends, and keeping a structure writes that row (on another
        // connection: MessageStructures runs outside this transaction).
        Map<Long, MessageStructure> kept = needs.structure()
                ? structures.structuresOf(rows.stream().map(row -> (Long) row[10]).toList()) : Map.of();
        boolean exact = UidRanges.exact(uids);
        Map<Long, byte[]> whole = needs.wholeContentLimit() == 0 ? Map.of() : contents.whole(rows.stream()
                .filter(row -> (Long) row[9] <= needs.wholeContentLimit() && (exact || uids.contains((Long) row[0])))
                .map(row -> (Long) row[10]).toList());
        List<FetchedMessage> fetched = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            long uid = (Long) row[0];
            // No structure for a content asked for: expunged by another session since the rows
            // were read (its content went with it), so the message is gone for this FETCH too.
            boolean gone = needs.structure() && !kept.containsKey((Long) row[10]);
            if ((exact || uids.contains(uid)) && !gone) {
                MessageFlags flags = flagsOf(row);
                fetched.add(new FetchedMessage(uid, flags.flags(), flags.keywords(), flags.modSeq(), (Instant) row[8],
                        (Long) row[9], kept.get((Long) row[10]), whole.get((Long) row[10])));
            }
        }
        return fetched;
    }

    /** Up to {@code length} octets of one message from {@code offset}; null when it is gone. */
    public byte[] read(String account, long mailboxId, long uid, long offset, int length) {
        List<Long> content = em.createQuery("SELECT e.content.id FROM MailboxEntry e WHERE e.folder.id = :f"
                        + " AND e.folder.account.address = :a AND e.uid = :u", Long.class)
                .setParameter("f", mailboxId).setParameter("a", account).setParameter("u", uid).getResultList();
        return content.isEmpty() ? null : contents.read(content.get(0), offset, length);
    }

    /** {@code \Seen} for the messages that lack it (a BODY[] fetch without PEEK). */
    public StoreResult markSeen(String account, long mailboxId, UidSet uids) {
        return store(account, mailboxId, uids, new FlagChange(FlagChange.Operation.ADD, Set.of(SystemFlag.SEEN),
                List.of(), -1));
    }

    /**
     * STORE: changes the messages whose MODSEQ is not above UNCHANGEDSINCE (the others are
     * MODIFIED), and gives the ones it changed one new MODSEQ.
     */
    public StoreResult store(String account, long mailboxId, UidSet uids, FlagChange change) {
        Optional<Folder> found = AccountFolders.lockedById(em, account, mailboxId);
        if (found.isEmpty()) {
            return new StoreResult(List.of(), new long[0]);
        }
        Folder folder = found.get();
        List<Long> modified = new ArrayList<>();
        List<MailboxEntry> changed = new ArrayList<>();
        for (MailboxEntry entry : entries(folder, uids, "")) {
            if (change.unchangedSince() >= 0 && entry.getModSeq() > change.unchangedSince()) {
                modified.add(entry.getUid());
            } else if (apply(entry, change)) {
                changed.add(entry);
            }
        }
        if (!changed.isEmpty()) {
            long modSeq = folder.takeModSeq();
            changed.forEach(e -> e.changedAt(modSeq));
        }
        return new StoreResult(changed.stream().map(ImapMessages::flagsOf).toList(),
                modified.stream().mapToLong(Long::longValue).toArray());
    }

    /**
     * COPY or MOVE (RFC 6851: copy and expunge in one transaction). The content is shared, not
     * copied. A copy is refused when the account is at its quota; a move adds nothing.
     */
    public CopyResult copy(String account, long mailboxId, UidSet uids, String target, boolean move) {
        Optional<Folder> source = AccountFolders.byId(em, account, mailboxId);
        Optional<Folder> to = AccountFolders.byName(em, account, target);
        if (to.isEmpty()) {
            return CopyResult.of(CopyResult.Outcome.NO_TARGET);
        }
        if (source.isEmpty()) {
            return new CopyResult(CopyResult.Outcome.DONE, to.get().getUidValidity(), new long[0], new long[0]);
        }
        if (!move && quotas.full(account)) {
            return CopyResult.of(CopyResult.Outcome.OVER_QUOTA);
        }
        // Both rows locked, the lower id first: two moves in opposite directions queue, never deadlock.
        Folder from = source.get();
        Folder into = to.get();
        AccountFolders.lock(em, from.getId() < into.getId() ? from : into);
        AccountFolders.lock(em, from.getId() < into.getId() ? into : from);
        List<MailboxEntry> copied = entries(from, uids, "");
        Map<Long, Long> mapping = messages.copy(copied, into);
        if (move) {
            Expunges.remove(em, from, copied);
        }
        return new CopyResult(CopyResult.Outcome.DONE, into.getUidValidity(),
                mapping.keySet().stream().mapToLong(Long::longValue).toArray(),
                mapping.values().stream().mapToLong(Long::longValue).toArray());
    }

    /** EXPUNGE ({@code uids} null) or UID EXPUNGE: the {@code \Deleted} messages, for good. */
    public long[] expunge(String account, long mailboxId, UidSet uids) {
        Optional<Folder> found = AccountFolders.lockedById(em, account, mailboxId);
        if (found.isEmpty()) {
            return new long[0];
        }
        List<MailboxEntry> doomed = uids == null
                ? em.createQuery("SELECT e FROM MailboxEntry e WHERE e.folder = :f AND e.deleted = TRUE ORDER BY e.uid",
                        MailboxEntry.class).setParameter("f", found.get()).getResultList()
                : entries(found.get(), uids, " AND e.deleted = TRUE");
        return Expunges.remove(em, found.get(), doomed).stream().mapToLong(Long::longValue).toArray();
    }

    /**
     * APPEND of one message or a MULTIAPPEND's several, all in this transaction (RFC 3502 section
     * 3: all or none). Every refusal is decided before the first message is stored; a failure
     * while storing throws, and the rollback takes the messages stored before it with it, their
     * content rows included ({@link ContentStore} writes on this transaction's connection). Each
     * message is streamed from the session's spool; all are durable when the transaction commits,
     * before the answer goes back.
     */
    public AppendResult append(String account, String mailbox, List<NewMessage> newMessages) {
        long ahead = 0; // the octets of all but the last: the soft quota, as for each message in turn
        long last = 0;
        for (NewMessage message : newMessages) {
            ahead += last;
            last = message.content().size();
            if (last > config.maxMessageSize()) {
                return AppendResult.of(AppendResult.Outcome.TOO_BIG);
            }
        }
        Optional<Folder> found = AccountFolders.byName(em, account, mailbox);
        if (found.isEmpty()) {
            return AppendResult.of(AppendResult.Outcome.NO_TARGET);
        }
        if (quotas.full(account, ahead)) {
            return AppendResult.of(AppendResult.Outcome.OVER_QUOTA);
        }
        Folder folder = AccountFolders.lock(em, found.get());
        long[] uids = new long[newMessages.size()];
        for (int i = 0; i < uids.length; i++) {
            uids[i] = store(folder, newMessages.get(i));
        }
        return new AppendResult(AppendResult.Outcome.DONE, folder.getUidValidity(), uids);
    }

    /** Files one APPEND message in the locked folder; returns its UID. */
    private long store(Folder folder, NewMessage message) {
        Set<MessageFlag> set = EnumSet.noneOf(MessageFlag.class);
        message.flags().forEach(f -> set.add(MessageFlag.valueOf(f.name())));
        Path encoded = null;
        try {
            encoded = message.binary() ? BinaryParts.encoded(message.content()) : null;
            MessageData stored = encoded == null ? message.content()
                    : MessageData.ofFile(new byte[0], encoded, Files.size(encoded));
            return mailboxes.append(folder, MessageSource.of(stored),
                    message.internalDate() == null ? Instant.now() : message.internalDate(), set, message.keywords());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            BinaryParts.delete(encoded);
        }
    }

    /**
     * SEARCH: in the database where the program allows; otherwise the parts the database answers
     * narrow the candidates and the rest is evaluated on each, reading the stored octets (header
     * section, then the body once for every BODY and TEXT text) only when a key needs them.
     */
    public long[] search(String account, long mailboxId, SearchKey key) {
        Optional<Folder> found = AccountFolders.byId(em, account, mailboxId);
        if (found.isEmpty()) {
            return new long[0];
        }
        Folder folder = found.get();
        ImapSearch search = new ImapSearch(ZoneId.systemDefault());
        String all = search.sql(key);
        if (all != null) {
            // Sorted here: ORDER BY would hold Derby to the (folder, UID) index (see changes).
            return bind(em.createQuery("SELECT e.uid FROM MailboxEntry e WHERE e.folder = :f AND " + all, Long.class),
                    search.parameters()).setParameter("f", folder)
                    .getResultStream().mapToLong(Long::longValue).sorted().toArray();
        }
        // The top-level AND's keys the database answers narrow the candidates, and so do the
        // others where it can tell a superset (not under NOT or OR: the superset of a negation is
        // no superset); the rest is Java's.
        List<String> narrowing = new ArrayList<>();
        List<SearchKey> rest = new ArrayList<>();
        for (SearchKey part : key instanceof SearchKey.And and ? and.keys() : List.of(key)) {
            String sql = search.sql(part);
            if (sql == null) {
                rest.add(part);
                sql = search.narrowing(part);
            }
            if (sql != null) {
                narrowing.add(sql);
            }
        }
        SearchKey remaining = new SearchKey.And(rest);
        Map<Long, ImapSearch.Row> candidates = new LinkedHashMap<>();
        bind(em.createQuery("SELECT " + ImapSearch.Row.COLUMNS + " FROM MailboxEntry e WHERE e.folder = :f"
                        + narrowing.stream().map(s -> " AND " + s).reduce("", String::concat), Object[].class),
                search.parameters()).setParameter("f", folder).getResultStream()
                .map(ImapSearch.Row::of).forEach(row -> candidates.put(row.entryId(), row));
        if (!ImapSearch.needsContent(remaining)) {
            return candidates.values().stream().filter(row -> search.matches(remaining, row, null, null))
                    .mapToLong(ImapSearch.Row::uid).sorted().toArray();
        }
        Set<String> texts = ImapSearch.bodyTexts(remaining);
        Set<Long> matched = new TreeSet<>();
        contents.scan(folder.getId(), candidates.keySet(), (entryId, raw) -> {
            InputStream in = new BufferedInputStream(raw, 8192);
            InternetHeaders headers = MessageSummary.headerSection(in);
            Set<String> inBody = texts.isEmpty() ? Set.of()
                    : ImapSearch.textsInBody(headers, in, texts);
            ImapSearch.Row row = candidates.get(entryId);
            if (search.matches(remaining, row, headers, inBody)) {
                matched.add(row.uid());
            }
        });
        return matched.stream().mapToLong(Long::longValue).toArray();
    }

    /** The entries of {@code folder} in {@code uids} that meet {@code condition}, ascending by UID. */
    private List<MailboxEntry> entries(Folder folder, UidSet uids, String condition) {
        Map<String, Object> parameters = new HashMap<>();
        String inSet = UidRanges.condition(uids, "u", parameters);
        List<MailboxEntry> found = bind(em.createQuery("SELECT e FROM MailboxEntry e WHERE e.folder = :f AND " + inSet
                + condition + " ORDER BY e.uid", MailboxEntry.class), parameters).setParameter("f", folder).getResultList();
        return UidRanges.exact(uids) ? found : found.stream().filter(e -> uids.contains(e.getUid())).toList();
    }

    private static boolean apply(MailboxEntry entry, FlagChange change) {
        boolean changed = false;
        for (SystemFlag flag : SystemFlag.values()) {
            MessageFlag mine = MessageFlag.valueOf(flag.name());
            boolean named = change.flags().contains(flag);
            boolean wanted = switch (change.operation()) {
                case ADD -> entry.has(mine) || named;
                case REMOVE -> entry.has(mine) && !named;
                case REPLACE -> named;
            };
            changed |= entry.set(mine, wanted);
        }
        Set<String> named = new LinkedHashSet<>();
        change.keywords().forEach(k -> named.add(k.toLowerCase(Locale.ROOT)));
        List<String> keywords = new ArrayList<>();
        if (change.operation() != FlagChange.Operation.REPLACE) {
            entry.getKeywords().stream()
                    .filter(k -> change.operation() == FlagChange.Operation.ADD || !named.contains(k.toLowerCase(Locale.ROOT)))
                    .forEach(keywords::add);
        }
        if (change.operation() != FlagChange.Operation.REMOVE) {
            keywords.addAll(change.keywords());
        }
        return entry.setKeywords(keywords) | changed;
    }

    private static MessageFlags flagsOf(MailboxEntry e) {
        Set<SystemFlag> flags = EnumSet.noneOf(SystemFlag.class);
        for (SystemFlag flag : SystemFlag.values()) {
            if (e.has(MessageFlag.valueOf(flag.name()))) {
                flags.add(flag);
            }
        }
        return new MessageFlags(e.getUid(), flags, e.getKeywords(), e.getModSeq());
    }

    /**
     * A row of uid, the five flags in {@link SystemFlag} order, keywords, modSeq. From a native
     * query the flags are the column's own type (SMALLINT on Derby, BOOLEAN on PostgreSQL) and
     * the numbers any {@link Number}.
     */
    private static MessageFlags flagsOf(Object[] row) {
        Set<SystemFlag> flags = EnumSet.noneOf(SystemFlag.class);
        SystemFlag[] all = SystemFlag.values();
        for (int i = 0; i < all.length; i++) {
            Object set = row[1 + i];
            if (set instanceof Boolean b ? b : ((Number) set).intValue() != 0) {
                flags.add(all[i]);
            }
        }
        return new MessageFlags(((Number) row[0]).longValue(), flags, MailboxEntry.keywordList((String) row[6]),
                row[7] == null ? 0 : ((Number) row[7]).longValue());
    }

    private static <T> TypedQuery<T> bind(TypedQuery<T> query, Map<String, Object> parameters) {
        parameters.forEach(query::setParameter);
        return query;
    }

    private static <T> TypedQuery<T> bind(TypedQuery<T> query, Map<String, Object> parameters, String account,
            long mailboxId) {
        return bind(query, parameters).setParameter("a", account).setParameter("f", mailboxId);
    }
}
