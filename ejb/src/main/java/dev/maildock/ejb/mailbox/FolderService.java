package dev.maildock.ejb.mailbox;

import dev.maildock.ejb.account.Account;
import dev.maildock.ejb.common.ConflictException;
import dev.maildock.ejb.common.InvalidInputException;
import dev.maildock.ejb.common.NotFoundException;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.ejb.Stateless;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The user's own folders: create, rename, delete. The four standard folders (INBOX, Sent, Drafts,
 * Trash) are there for good and keep their names, because every client and the submission path
 * look them up by name.
 */
@Stateless
public class FolderService {

    private static final int MAX_NAME = 200;

    @PersistenceContext(unitName = "maildock")
    private EntityManager em;

    public FolderView create(String address, String name) {
        String checked = checkName(name);
        Account account = em.createQuery("SELECT a FROM Account a WHERE a.address = :address", Account.class)
                .setParameter("address", address).getResultStream().findFirst()
                .orElseThrow(() -> new NotFoundException("no account " + address));
        requireFree(address, checked);
        Folder folder = create(account, checked);
        return new FolderView(folder.getName(), folder.getRole(), folder.getUidValidity(), folder.getNextUid(), 0, 0);
    }

    /**
     * A new user folder of {@code account} named {@code name} (checked and free), in the caller's
     * transaction.
     */
    public Folder create(Account account, String name) {
        // A folder made again under an old name must not reuse that name's UIDVALIDITY (RFC 3501
        // section 2.3.1.1): the clock in seconds, but always above every value the account has
        // used, by its folders now and by deleted ones (which the account remembers).
        Long highest = em.createQuery("SELECT MAX(f.uidValidity) FROM Folder f WHERE f.account = :a", Long.class)
                .setParameter("a", account).getSingleResult();
        long used = Math.max(account.getHighestUidValidity(), highest == null ? 0 : highest);
        long uidValidity = Math.max(Instant.now().getEpochSecond(), used + 1);
        account.setHighestUidValidity(uidValidity);
        Folder folder = new Folder(account, name, FolderRole.USER, uidValidity);
        em.persist(folder);
        return folder;
    }

    public void rename(String address, String from, String to) {
        String checked = checkName(to);
        Folder folder = userFolder(address, from);
        if (!checked.equals(from)) {
            requireFree(address, checked);
        }
        folder.rename(checked);
    }

    /** Deletes a user folder with the messages in it. */
    public void delete(String address, String name) {
        Folder folder = userFolder(address, name);
        List<Long> contents = em.createQuery("SELECT DISTINCT e.content.id FROM MailboxEntry e WHERE e.folder = :f", Long.class)
                .setParameter("f", folder).getResultList();
        em.createQuery("DELETE FROM MailboxEntry e WHERE e.folder = :f").setParameter("f", folder).executeUpdate();
        Expunges.forgetFolder(em, folder.getId());
        em.remove(folder);
        em.flush();
        ContentReferences.deleteUnreferenced(em, contents);
    }

    public boolean exists(String address, String name) {
        return em.createQuery("SELECT COUNT(f) FROM Folder f WHERE f.account.address = :a AND f.name = :n", Long.class)
                .setParameter("a", address).setParameter("n", name).getSingleResult() > 0;
    }

    private Folder userFolder(String address, String name) {
        Folder folder = em.createQuery("SELECT f FROM Folder f WHERE f.account.address = :a AND f.name = :n", Folder.class)
                .setParameter("a", address).setParameter("n", name).getResultStream().findFirst()
                .orElseThrow(() -> new NoSuchFolderException(name));
        if (folder.getRole() != FolderRole.USER) {
            throw new InvalidInputException("folder", name + " is a standard folder and cannot be renamed or deleted");
        }
        return folder;
    }

    private void requireFree(String address, String name) {
        if (exists(address, name)) {
            throw new ConflictException("folder " + name + " exists");
        }
    }

    /** A folder name: 1 to 200 characters, no control characters, not a standard folder's name. */
    public static String checkName(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidInputException("name", "is required");
        }
        if (!name.equals(name.strip())) {
            throw new InvalidInputException("name", "must not start or end with a space");
        }
        if (name.length() > MAX_NAME) {
            throw new InvalidInputException("name", "is longer than " + MAX_NAME + " characters");
        }
        if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new InvalidInputException("name", "must not contain control characters");
        }
        for (FolderRole role : FolderRole.values()) {
            if (role.defaultName() != null && role.defaultName().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                throw new InvalidInputException("name", name + " is a standard folder");
            }
        }
        return name;
    }
}
