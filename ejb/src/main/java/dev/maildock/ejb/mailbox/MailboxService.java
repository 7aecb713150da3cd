package dev.maildock.ejb.mailbox;

import dev.maildock.ejb.account.Account;
import dev.maildock.ejb.common.NotFoundException;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** Folders and the messages in them. */
@Stateless
public class MailboxService {

    @PersistenceContext(unitName = "maildock")
    private EntityManager em;

    @jakarta.inject.Inject
    private ContentStore contents;

    /** INBOX, Sent, Drafts, Trash for a new account. */
    public void createDefaultFolders(Account account) {
        long uidValidity = Instant.now().getEpochSecond();
        for (FolderRole role : List.of(FolderRole.INBOX, FolderRole.SENT, FolderRole.DRAFTS, FolderRole.TRASH)) {
            em.persist(new Folder(account, role.defaultName(), role, uidValidity));
        }
    }

    /** Removes an account's mail and folders, and message contents no folder refers to any more. */
    public void deleteAll(Account account) {
        em.createQuery("DELETE FROM MailboxEntry e WHERE e.folder IN (SELECT f FROM Folder f WHERE f.account = :a)")
                .setParameter("a", account).executeUpdate();
        em.createQuery("DELETE FROM Folder f WHERE f.account = :a").setParameter("a", account).executeUpdate();
        // Contents still waiting in the outbound queue are kept: the queue has its own reference.
        em.createQuery("DELETE FROM MessageContent c WHERE NOT EXISTS "
                + "(SELECT e FROM MailboxEntry e WHERE e.content = c) AND NOT EXISTS "
                + "(SELECT o FROM OutboundMessage o WHERE o.content = c)").executeUpdate();
    }

    /** {@link #deliverToInboxes(Collection, MessageSource)} for a message held in memory. */
    public List<Long> deliverToInboxes(Collection<String> accounts, byte[] raw) {
        return deliverToInboxes(accounts, MessageSource.ofBytes(raw));
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
        List<Folder> inboxes = new ArrayList<>();
        for (String address : accounts) {
            inboxes.add(folder(address, FolderRole.INBOX.defaultName(), true));
        }
        MessageSummary summary;
        try (java.io.InputStream headers = message.open()) {
            summary = MessageSummary.parse(headers);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
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
        Folder target = folder(address, folderName, true);
        MessageSummary summary;
        try (java.io.InputStream headers = message.open()) {
            summary = MessageSummary.parse(headers);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Instant now = Instant.now();
        long contentId = contents.insert(message, now);
        long uid = target.takeUid();
        MailboxEntry entry = new MailboxEntry(target, em.getReference(MessageContent.class, contentId), message.size(),
                uid, now, summary);
        entry.setSeen(seen);
        entry.setDraft(draft);
        em.persist(entry);
        return uid;
    }

    public List<FolderView> folders(String address) {
        List<Folder> folders = em.createNamedQuery(Folder.BY_ACCOUNT_ADDRESS, Folder.class)
                .setParameter("address", address).getResultList();
        if (folders.isEmpty()) {
            throw new NotFoundException("no account " + address);
        }
        List<FolderView> views = new ArrayList<>();
        // Standard folders first in their usual order, then the user's own by name.
        folders.sort(Comparator.comparing(Folder::getRole).thenComparing(Folder::getName));
        for (Folder f : folders) {
            long count = em.createQuery("SELECT COUNT(e) FROM MailboxEntry e WHERE e.folder = :f", Long.class)
                    .setParameter("f", f).getSingleResult();
            views.add(new FolderView(f.getName(), f.getRole(), f.getUidValidity(), f.getNextUid(), count));
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
        Folder folder = em.createQuery(
                        "SELECT f FROM Folder f WHERE f.account.address = :address AND f.name = :name", Folder.class)
                .setParameter("address", address).setParameter("name", name)
                .getResultStream().findFirst()
                .orElseThrow(() -> new NotFoundException("no folder " + name + " for " + address));
        if (forUpdate) {
            // The UID counter is a per-folder row: concurrent deliveries to one INBOX queue here.
            // Locked by primary key in a second statement because Derby refuses FOR UPDATE on a join.
            em.lock(folder, LockModeType.PESSIMISTIC_WRITE);
        }
        return folder;
    }
}
