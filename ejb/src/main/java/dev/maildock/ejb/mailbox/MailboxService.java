package dev.maildock.ejb.mailbox;

import dev.maildock.ejb.account.Account;
import dev.maildock.ejb.account.AccountCreated;
import dev.maildock.ejb.account.AccountDeleting;
import dev.maildock.ejb.common.Addresses;
import dev.maildock.ejb.common.NotFoundException;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.TransactionSynchronizationRegistry;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/** Folders and the messages in them. */
@Stateless
public class MailboxService {

    @PersistenceContext(unitName = "maildock")
    private EntityManager em;

    @Inject
    private ContentStore contents;

    /** Holds, per transaction, the INBOX folders it has locked (see {@link #lockedInboxes}). */
    @Resource
    private TransactionSynchronizationRegistry transaction;

    private static final Object LOCKED_INBOXES = new Object();

    @Inject
    private InboxIds inboxIds;

    /** Octets of stored mail in all the account's folders (each copy counted). */
    public long usage(String address) {
        // SUM comes back as Long on Derby and may be a BigDecimal on PostgreSQL: read it as a Number.
        Object sum = em.createQuery("SELECT SUM(e.size) FROM MailboxEntry e WHERE e.folder.account.address = :a")
                .setParameter("a", Addresses.mailbox("address", address)).getSingleResult();
        return sum == null ? 0 : ((Number) sum).longValue();
    }

    /** INBOX, Sent, Drafts, Trash for a new account, in the transaction that creates it. */
    public void createDefaultFolders(@Observes AccountCreated created) {
        Account account = created.account();
        long uidValidity = Instant.now().getEpochSecond();
        for (FolderRole role : List.of(FolderRole.INBOX, FolderRole.SENT, FolderRole.DRAFTS, FolderRole.TRASH)) {
            em.persist(new Folder(account, role.defaultName(), role, uidValidity));
        }
    }

    /**
     * Removes an account's mail and folders, and message contents no folder refers to any more, in
     * the transaction that deletes the account.
     */
    public void deleteAll(@Observes AccountDeleting deleting) {
        Account account = deleting.account();
        List<Long> contentIds = em.createQuery("SELECT DISTINCT e.content.id FROM MailboxEntry e WHERE e.folder.account = :a",
                Long.class).setParameter("a", account).getResultList();
        em.createQuery("DELETE FROM MailboxEntry e WHERE e.folder IN (SELECT f FROM Folder f WHERE f.account = :a)")
                .setParameter("a", account).executeUpdate();
        em.createQuery("DELETE FROM ExpungedEntry x WHERE x.folderId IN (SELECT f.id FROM Folder f WHERE f.account = :a)")
                .setParameter("a", account).executeUpdate();
        em.createQuery("DELETE FROM Subscription s WHERE s.account = :a").setParameter("a", account).executeUpdate();
        em.createQuery("DELETE FROM Folder f WHERE f.account = :a").setParameter("a", account).executeUpdate();
        // Only this account's contents are candidates; shared or still queued ones stay.
        ContentReferences.deleteUnreferenced(em, contentIds);
    }

    /** Locks the INBOX folders of these accounts in the given order (for a batch of deliveries). */
    public void lockInboxes(SortedSet<String> accounts) {
        lockedInboxes(accounts);
    }

    /** Locks the Sent folders of these accounts in the given order (for a batch of submissions). */
    public void lockSentFolders(SortedSet<String> accounts) {
        for (String address : accounts) {
            folder(address, FolderRole.SENT.defaultName(), true);
        }
    }

    /**
     * The INBOX of each account, locked for its UID counter. Locks are taken in address order, so
     * deliveries with the same recipients in another order (on another node, or in a batch) cannot
     * deadlock. The folders a transaction has locked are remembered with it: a group-commit batch
     * locks every INBOX once up front, and its deliveries then find them without a query each.
     */
    @SuppressWarnings("unchecked")
    private Map<String, Folder> lockedInboxes(Collection<String> accounts) {
        Map<String, Folder> locked = (Map<String, Folder>) transaction.getResource(LOCKED_INBOXES);
        if (locked == null) {
            locked = new HashMap<>();
            transaction.putResource(LOCKED_INBOXES, locked);
        }
        for (String address : new TreeSet<>(accounts)) {
            if (!locked.containsKey(address)) {
                locked.put(address, lockInbox(address));
            }
        }
        return locked;
    }

    /** One account's INBOX, locked: by its remembered id when there is one (one statement). */
    private Folder lockInbox(String address) {
        Long id = inboxIds.get(address);
        Folder inbox = id == null ? null : em.find(Folder.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (inbox == null) {
            inboxIds.forget(address);
            inbox = folder(address, FolderRole.INBOX.defaultName(), true);
            inboxIds.put(address, inbox.getId());
        }
        return inbox;
    }

    /**
     * Stores one message once, streamed into its BLOB, and files it in the INBOX of each account,
     * all in the caller's transaction: when it commits, every copy is there; when it rolls back,
     * none is.
     *
     * @return the UID given in each INBOX, in the order of {@code accounts}
     */
    public List<Long> deliverToInboxes(Collection<String> accounts, MessageSource message) {
        Instant now = Instant.now();
        // Folders first: an unknown mailbox fails the delivery before any byte is written.
        Map<String, Folder> locked = lockedInboxes(accounts);
        List<Folder> inboxes = new ArrayList<>();
        for (String address : accounts) {
            inboxes.add(locked.get(address));
        }
        MessageSummary summary;
        try (InputStream headers = message.open()) {
            summary = MessageSummary.parse(headers);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long contentId = contents.insert(message, now);
        MessageContent content = em.getReference(MessageContent.class, contentId);
        List<Long> uids = new ArrayList<>();
        for (Folder inbox : inboxes) {
            long uid = inbox.takeUid();
            em.persist(new MailboxEntry(inbox, content, message.size(), uid, now, summary));
            uids.add(uid);
        }
        return uids;
    }

    /**
     * Files a message in one folder of one account, in the caller's transaction: the copy in Sent,
     * a draft, a Jakarta Mail appendMessages.
     *
     * @return the UID the message got in that folder
     */
    public long append(String address, String folderName, MessageSource message, boolean seen, boolean draft) {
        Set<MessageFlag> flags = EnumSet.noneOf(MessageFlag.class);
        if (seen) {
            flags.add(MessageFlag.SEEN);
        }
        if (draft) {
            flags.add(MessageFlag.DRAFT);
        }
        return append(folder(address, folderName, true), message, Instant.now(), flags, List.of());
    }

    /**
     * Files a message in a folder the caller has locked for update (IMAP APPEND), with flags,
     * keywords and the internal date ({@code received}), in the caller's transaction.
     *
     * @return the UID the message got in that folder
     */
    public long append(Folder target, MessageSource message, Instant received, Set<MessageFlag> flags,
            List<String> keywords) {
        MessageSummary summary;
        try (InputStream headers = message.open()) {
            summary = MessageSummary.parse(headers);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long contentId = contents.insert(message, Instant.now());
        long uid = target.takeUid();
        MailboxEntry entry = new MailboxEntry(target, em.getReference(MessageContent.class, contentId), message.size(),
                uid, received, summary);
        flags.forEach(flag -> entry.set(flag, true));
        entry.setKeywords(keywords);
        em.persist(entry);
        return uid;
    }

    /** The account's folders, standard ones first, each with its message and unread counts. */
    public List<FolderView> folders(String address) {
        List<Folder> folders = em.createNamedQuery(Folder.BY_ACCOUNT_ADDRESS, Folder.class)
                .setParameter("address", address).getResultList();
        if (folders.isEmpty()) {
            throw new NotFoundException("no account " + address);
        }
        // Counts for all folders in one grouped query, not one query per folder.
        Map<Long, long[]> counts = new HashMap<>();
        for (Object[] row : em.createQuery("SELECT e.folder.id, COUNT(e), SUM(CASE WHEN e.seen = FALSE THEN 1 ELSE 0 END)"
                        + " FROM MailboxEntry e WHERE e.folder.account.address = :address GROUP BY e.folder.id", Object[].class)
                .setParameter("address", address).getResultList()) {
            counts.put(((Number) row[0]).longValue(),
                    new long[] {((Number) row[1]).longValue(), row[2] == null ? 0 : ((Number) row[2]).longValue()});
        }
        folders.sort(Comparator.comparing(Folder::getRole).thenComparing(Folder::getName));
        List<FolderView> views = new ArrayList<>();
        for (Folder f : folders) {
            long[] c = counts.getOrDefault(f.getId(), new long[2]);
            views.add(new FolderView(f.getName(), f.getRole(), f.getUidValidity(), f.getNextUid(), c[0], c[1]));
        }
        return views;
    }

    public List<EntryView> list(String address, String folderName) {
        Folder folder = folder(address, folderName, false);
        return em.createNamedQuery(MailboxEntry.IN_FOLDER, MailboxEntry.class).setParameter("folder", folder)
                .getResultStream().map(EntryView::of).toList();
    }

    /** The raw bytes of one message, as delivered. */
    public byte[] raw(String address, String folderName, long uid) {
        Folder folder = folder(address, folderName, false);
        return em.createQuery("SELECT e.content.raw FROM MailboxEntry e WHERE e.folder = :f AND e.uid = :uid", byte[].class)
                .setParameter("f", folder).setParameter("uid", uid)
                .getResultStream().findFirst()
                .orElseThrow(() -> new NotFoundException("no message " + uid + " in " + folderName));
    }

    private Folder folder(String address, String name, boolean forUpdate) {
        return Folders.find(em, address, name, forUpdate);
    }
}
