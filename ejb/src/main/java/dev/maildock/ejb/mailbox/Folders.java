package dev.maildock.ejb.mailbox;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

/** Finding an account's folder by name, for the services of this package (not an EJB call). */
final class Folders {

    private Folders() {
    }

    /**
     * The folder, locked for a UID or structure change when {@code forUpdate} (once per
     * transaction: a batch of deliveries to one INBOX locks it once); NoSuchFolderException if none.
     */
    static Folder find(EntityManager em, String address, String name, boolean forUpdate) {
        Folder folder = em.createQuery(
                        "SELECT f FROM Folder f WHERE f.account.address = :address AND f.name = :name", Folder.class)
                .setParameter("address", address).setParameter("name", name)
                .getResultStream().findFirst()
                .orElseThrow(() -> new NoSuchFolderException(name, address));
        if (forUpdate && em.getLockMode(folder) != LockModeType.PESSIMISTIC_WRITE) {
            // The UID counter is a per-folder row: concurrent deliveries to one INBOX queue here.
            // Locked by primary key in a second statement because Derby refuses FOR UPDATE on a join.
            em.lock(folder, LockModeType.PESSIMISTIC_WRITE);
        }
        return folder;
    }

    /**
     * Locks two folders for update, the lower id first: two moves in opposite directions at once
     * queue on the first folder instead of deadlocking.
     */
    static void lockInOrder(EntityManager em, Folder a, Folder b) {
        Folder first = a.getId() < b.getId() ? a : b;
        em.lock(first, LockModeType.PESSIMISTIC_WRITE);
        em.lock(first == a ? b : a, LockModeType.PESSIMISTIC_WRITE);
    }
}
