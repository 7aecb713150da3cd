package dev.maildock.ejb.imap;

import dev.maildock.ejb.mailbox.Folder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import java.util.Optional;

/**
 * An account's folder by IMAP name or by id. Every lookup joins on the account, so a session can
 * reach only its own account's folders, without a query of its own for the check.
 */
final class AccountFolders {

    private AccountFolders() {
    }

    /** The folder {@code mailbox} (an IMAP name) of {@code account}, if there is one. */
    static Optional<Folder> byName(EntityManager em, String account, String mailbox) {
        return em.createQuery("SELECT f FROM Folder f WHERE f.account.address = :a AND f.name = :n", Folder.class)
                .setParameter("a", account).setParameter("n", MailboxNames.folderName(mailbox))
                .getResultStream().findFirst();
    }

    /** The folder with this id if it is {@code account}'s. */
    static Optional<Folder> byId(EntityManager em, String account, long id) {
        return em.createQuery("SELECT f FROM Folder f WHERE f.id = :id AND f.account.address = :a", Folder.class)
                .setParameter("id", id).setParameter("a", account).getResultStream().findFirst();
    }

    /**
     * The folder with this id if it is {@code account}'s, locked for a change of its messages
     * (locked by key in a second statement: Derby refuses FOR UPDATE on a join).
     */
    static Optional<Folder> lockedById(EntityManager em, String account, long id) {
        return byId(em, account, id).map(folder -> lock(em, folder));
    }

    static Folder lock(EntityManager em, Folder folder) {
        if (em.getLockMode(folder) != LockModeType.PESSIMISTIC_WRITE) {
            em.lock(folder, LockModeType.PESSIMISTIC_WRITE);
        }
        return folder;
    }
}
