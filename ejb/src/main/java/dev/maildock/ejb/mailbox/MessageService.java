package dev.maildock.ejb.mailbox;

import dev.maildock.ejb.common.InLists;
import dev.maildock.ejb.common.NotFoundException;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The messages of one folder as mail clients work with them (Jakarta Mail provider, webmail):
 * listing pages, flags, copy and move, expunge, search. Messages are addressed by UID, which
 * stays valid while other sessions add or remove messages.
 */
@Stateless
public class MessageService {

    @PersistenceContext(unitName = "maildock")
    private EntityManager em;

    @Inject
    private ContentStore contentStore;

    /** A page of the folder, newest (highest UID) first. */
    public Page<EntryView> page(String address, String folderName, int offset, int limit) {
        return search(address, folderName, MessageQuery.any(), offset, limit);
    }

    public EntryView entry(String address, String folderName, long uid) {
        return EntryView.of(require(address, folderName, uid));
    }

    /**
     * Sets or clears {@code flag} on the messages with these UIDs; returns how many were found.
     * The messages it changes get a new MODSEQ.
     */
    public int setFlag(String address, String folderName, Collection<Long> uids, MessageFlag flag, boolean value) {
        Folder folder = Folders.find(em, address, folderName, true);
        List<MailboxEntry> entries = entries(folder, uids);
        List<MailboxEntry> changed = entries.stream().filter(e -> e.set(flag, value)).toList();
        if (!changed.isEmpty()) {
            long modSeq = folder.takeModSeq();
            changed.forEach(e -> e.changedAt(modSeq));
        }
        return entries.size();
    }

    /**
     * Copies messages to another folder of the same account (the stored content is shared, not
     * duplicated); flags go with them. Returns old UID → new UID in ascending old UID order.
     */
    public Map<Long, Long> copy(String address, String fromFolder, Collection<Long> uids, String toFolder) {
        Folder source = Folders.find(em, address, fromFolder, false);
        Folder target = Folders.find(em, address, toFolder, true);
        return copy(entries(source, uids), target);
    }

    /**
     * Copies these entries into {@code target} (locked by the caller) under new UIDs and one new
     * MODSEQ, in the caller's transaction; returns old UID → new UID in the order of {@code entries}.
     */
    public Map<Long, Long> copy(List<MailboxEntry> entries, Folder target) {
        Map<Long, Long> mapping = new LinkedHashMap<>();
        if (entries.isEmpty()) {
            return mapping;
        }
        long modSeq = target.takeModSeq();
        for (MailboxEntry entry : entries) {
            long uid = target.takeUid();
            em.persist(entry.copyTo(target, uid, modSeq));
            mapping.put(entry.getUid(), uid);
        }
        return mapping;
    }

    /** Moves messages: a copy in the target, gone from the source, in one transaction. */
    public Map<Long, Long> move(String address, String fromFolder, Collection<Long> uids, String toFolder) {
        if (fromFolder.equals(toFolder)) {
            return Map.of();
        }
        Folder source = Folders.find(em, address, fromFolder, false);
        Folder target = Folders.find(em, address, toFolder, false);
        Folders.lockInOrder(em, source, target);
        List<MailboxEntry> moving = entries(source, uids);
        Map<Long, Long> mapping = copy(moving, target);
        Expunges.remove(em, source, moving);
        return mapping;
    }

    /** Removes the messages flagged DELETED for good; returns their UIDs in ascending order. */
    public List<Long> expunge(String address, String folderName) {
        Folder folder = Folders.find(em, address, folderName, true);
        List<MailboxEntry> doomed = em.createQuery(
                        "SELECT e FROM MailboxEntry e WHERE e.folder = :f AND e.deleted = TRUE ORDER BY e.uid", MailboxEntry.class)
                .setParameter("f", folder).getResultList();
        return Expunges.remove(em, folder, doomed);
    }

    /** Removes these messages for good (e.g. emptying Trash); returns the UIDs that were there. */
    public List<Long> delete(String address, String folderName, Collection<Long> uids) {
        Folder folder = Folders.find(em, address, folderName, true);
        return Expunges.remove(em, folder, entries(folder, uids));
    }

    /**
     * The messages matching {@code query}, newest first, one page of them. All but the body text is
     * matched in the database; body text by reading the candidates' stored bytes.
     */
    public Page<EntryView> search(String address, String folderName, MessageQuery query, int offset, int limit) {
        Folder folder = Folders.find(em, address, folderName, false);
        if (offset < 0 || limit < 0) {
            throw new IllegalArgumentException("offset and limit must not be negative");
        }
        Where where = where(query);
        if (query.body() == null || query.body().isEmpty()) {
            long total = where.bind(em.createQuery("SELECT COUNT(e) FROM MailboxEntry e WHERE e.folder = :f" + where.jpql, Long.class))
                    .setParameter("f", folder).getSingleResult();
            List<EntryView> items = where.bind(em.createQuery("SELECT e FROM MailboxEntry e WHERE e.folder = :f" + where.jpql
                            + " ORDER BY e.uid DESC", MailboxEntry.class))
                    .setParameter("f", folder).setFirstResult(offset).setMaxResults(limit)
                    .getResultStream().map(EntryView::of).toList();
            return new Page<>(items, total, offset, limit);
        }
        String needle = query.body().toLowerCase(Locale.ROOT);
        List<Long> candidates = where.bind(em.createQuery("SELECT e.id FROM MailboxEntry e WHERE e.folder = :f"
                + where.jpql + " ORDER BY e.uid DESC", Long.class)).setParameter("f", folder).getResultList();
        Set<Long> containing = contentStore.entriesContaining(folder.getId(), new HashSet<>(candidates),
                needle);
        List<Long> matches = candidates.stream().filter(containing::contains).toList(); // newest first
        int from = Math.min(offset, matches.size());
        List<Long> page = matches.subList(from, (int) Math.min((long) from + limit, matches.size()));
        Map<Long, MailboxEntry> byId = new HashMap<>();
        for (List<Long> slice : InLists.slices(page)) {
            em.createQuery("SELECT e FROM MailboxEntry e WHERE e.id IN :ids", MailboxEntry.class)
                    .setParameter("ids", slice).getResultStream().forEach(e -> byId.put(e.getId(), e));
        }
        return new Page<>(page.stream().map(byId::get).filter(Objects::nonNull).map(EntryView::of).toList(),
                matches.size(), offset, limit);
    }

    /** All matching UIDs in ascending order (Jakarta Mail's Folder.search). */
    public List<Long> searchUids(String address, String folderName, MessageQuery query) {
        List<Long> uids = new ArrayList<>(search(address, folderName, query, 0, Integer.MAX_VALUE).items().stream()
                .map(EntryView::uid).toList());
        Collections.reverse(uids);
        return uids;
    }

    private MailboxEntry require(String address, String folderName, long uid) {
        List<MailboxEntry> found = entries(Folders.find(em, address, folderName, false), List.of(uid));
        if (found.isEmpty()) {
            throw new NotFoundException("no message " + uid + " in " + folderName);
        }
        return found.get(0);
    }

    private List<MailboxEntry> entries(Folder folder, Collection<Long> uids) {
        if (uids.isEmpty()) {
            return List.of();
        }
        List<MailboxEntry> found = new ArrayList<>();
        for (List<Long> slice : InLists.slices(uids)) {
            found.addAll(em.createQuery("SELECT e FROM MailboxEntry e WHERE e.folder = :f AND e.uid IN :uids",
                    MailboxEntry.class).setParameter("f", folder).setParameter("uids", slice).getResultList());
        }
        found.sort(Comparator.comparingLong(MailboxEntry::getUid));
        return found;
    }

    /** The JPQL conditions of a query and their parameters. */
    private record Where(String jpql, Map<String, Object> parameters) {

        <T> TypedQuery<T> bind(TypedQuery<T> query) {
            parameters.forEach(query::setParameter);
            return query;
        }
    }

    private static Where where(MessageQuery q) {
        StringJoiner jpql = new StringJoiner(" AND ", " AND ", "").setEmptyValue("");
        Map<String, Object> parameters = new LinkedHashMap<>();
        contains(jpql, parameters, "e.subject", "subject", q.subject());
        contains(jpql, parameters, "e.fromAddress", "from", q.from());
        contains(jpql, parameters, "e.recipients", "recipient", q.recipient());
        for (MessageFlag flag : q.withFlags()) {
            jpql.add("e." + column(flag) + " = TRUE");
        }
        for (MessageFlag flag : q.withoutFlags()) {
            jpql.add("e." + column(flag) + " = FALSE");
        }
        range(jpql, parameters, "e.received", "received", q.receivedSince(), q.receivedBefore());
        range(jpql, parameters, "e.sentDate", "sent", q.sentSince(), q.sentBefore());
        return new Where(jpql.toString(), parameters);
    }

    private static void contains(StringJoiner jpql, Map<String, Object> parameters, String path, String name, String text) {
        if (text == null || text.isEmpty()) {
            return;
        }
        String escaped = text.toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        jpql.add("LOWER(" + path + ") LIKE :" + name + " ESCAPE '\\'");
        parameters.put(name, "%" + escaped + "%");
    }

    private static void range(StringJoiner jpql, Map<String, Object> parameters, String path, String name,
                              Instant since, Instant before) {
        if (since != null) {
            jpql.add(path + " >= :" + name + "Since");
            parameters.put(name + "Since", since);
        }
        if (before != null) {
            jpql.add(path + " < :" + name + "Before");
            parameters.put(name + "Before", before);
        }
    }

    private static String column(MessageFlag flag) {
        return flag.name().toLowerCase(Locale.ROOT);
    }
}
