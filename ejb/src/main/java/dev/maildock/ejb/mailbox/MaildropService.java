package dev.maildock.ejb.mailbox;

import dev.maildock.ejb.account.Account;
import dev.maildock.ejb.common.InLists;
import dev.maildock.ejb.common.NotFoundException;
import dev.maildock.ejb.config.MaildockConfig;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A POP3 view of an account's INBOX: open it under an exclusive lock with a lease, read messages
 * in ranges, and at QUIT delete the marked ones and release the lock in one transaction.
 * The lock row is locked (SELECT … FOR UPDATE by key) for every change, so two nodes deciding at
 * the same moment queue on the database row and exactly one of them gets the maildrop.
 */
@Stateless
public class MaildropService {

    /**
     * This run of the application: new at every start (the class is loaded again), so a lock
     * stamped with this node and another run was left by a run that is over.
     */
    static final String RUN = UUID.randomUUID().toString();

    /** {@link #readWhole}: the account whose maildrop the handle holds locked. */
    private static final String LOCKED_ACCOUNT = "SELECT ACCOUNT_ID FROM MD_MAILDROP_LOCK WHERE HOLDER = ?";
    /** {@link #readWhole}: the entries named, only if they are in a folder of that account. */
    private static final String READ_WHOLE = "SELECT e.ID, c.RAW FROM MD_MAILBOX_ENTRY e"
            + " JOIN MD_FOLDER f ON f.ID = e.FOLDER_ID JOIN MD_MESSAGE_CONTENT c ON c.ID = e.CONTENT_ID"
            + " WHERE f.ACCOUNT_ID = ? AND e.ID IN (";

    @PersistenceContext(unitName = "maildock")
    private EntityManager em;

    @Inject
    private ContentStore contents;

    @Inject
    private MaildockConfig config;

    /**
     * Frees the locks this node's earlier runs still hold: after a crash (kill -9, power loss) no
     * session of theirs is alive, so their owners need not wait for the lease (2 minutes) to run out.
     * Locks of this run are kept, should a session have logged in before this ran.
     *
     * @return how many locks were freed
     */
    public int releaseLocksOfEarlierRuns() {
        return em.createQuery("UPDATE MaildropLock l SET l.holder = NULL, l.leaseUntil = NULL, l.holderNode = NULL, "
                        + "l.holderRun = NULL WHERE l.holderNode = :node AND l.holderRun <> :run")
                .setParameter("node", config.node()).setParameter("run", RUN).executeUpdate();
    }

    /** Opens the INBOX of an (already authenticated) account; empty when another session holds it. */
    public Optional<OpenedMaildrop> open(String address, Duration lease) {
        Account account = em.createQuery("SELECT a FROM Account a WHERE a.address = :address", Account.class)
                .setParameter("address", address).getSingleResult();
        Instant now = Instant.now();
        MaildropLock lock = em.find(MaildropLock.class, account.getId(), LockModeType.PESSIMISTIC_WRITE);
        if (lock == null) {
            // First POP3 login of this account. A concurrent first login on another node fails on
            // the primary key and that session is told the maildrop is in use.
            lock = new MaildropLock(account.getId());
            em.persist(lock);
        } else if (lock.isHeldAt(now)) {
            return Optional.empty();
        }
        String handle = UUID.randomUUID().toString();
        lock.take(handle, now.plus(lease), config.node(), RUN);
        em.flush();

        Folder inbox = em.createQuery("SELECT f FROM Folder f WHERE f.account = :a AND f.role = :role", Folder.class)
                .setParameter("a", account).setParameter("role", FolderRole.INBOX).getSingleResult();
        List<MaildropEntry> entries = em.createQuery(
                        "SELECT e.id, e.uid, e.size FROM MailboxEntry e WHERE e.folder = :f ORDER BY e.uid", Object[].class)
                .setParameter("f", inbox).getResultStream()
                .map(row -> new MaildropEntry((Long) row[0], inbox.getUidValidity() + "." + row[1], (Long) row[2]))
                .toList();
        return Optional.of(new OpenedMaildrop(handle, entries));
    }

    /** Extends the lease; false when the lock is no longer this handle's. */
    public boolean renew(String handle, Duration lease) {
        Instant now = Instant.now();
        return lockedBy(handle, now).map(lock -> {
            lock.extend(now.plus(lease));
            return true;
        }).orElse(false);
    }

    /**
     * RFC 1939 UPDATE: deletes the marked messages and frees the lock, all or nothing. False, and
     * nothing deleted, when the lock was lost (its lease ran out and another session took it).
     */
    public boolean commit(String handle, Collection<Long> deletedEntryIds) {
        Instant now = Instant.now();
        Optional<MaildropLock> held = lockedBy(handle, now);
        if (held.isEmpty()) {
            return false;
        }
        MaildropLock lock = held.get();
        if (!deletedEntryIds.isEmpty()) {
            Set<Long> contents = new HashSet<>();
            Map<Long, List<Long>> uidsByFolder = new TreeMap<>();
            List<List<Long>> slices = InLists.slices(deletedEntryIds);
            for (List<Long> slice : slices) {
                for (Object[] row : em.createQuery("SELECT e.folder.id, e.uid, e.content.id FROM MailboxEntry e "
                                + "WHERE e.id IN :ids AND e.folder.account.id = :account", Object[].class)
                        .setParameter("ids", slice).setParameter("account", lock.getAccountId()).getResultList()) {
                    uidsByFolder.computeIfAbsent((Long) row[0], f -> new ArrayList<>()).add((Long) row[1]);
                    contents.add((Long) row[2]);
                }
            }
            // The folder (INBOX) is locked before its entries go, as every removal does: its MODSEQ
            // goes up and the expunge log tells IMAP sessions (ascending ids: no deadlock).
            uidsByFolder.forEach((folderId, uids) ->
                    Expunges.logRemoved(em, em.find(Folder.class, folderId, LockModeType.PESSIMISTIC_WRITE), uids));
            for (List<Long> slice : slices) {
                em.createQuery("DELETE FROM MailboxEntry e WHERE e.id IN :ids AND e.folder IN "
                                + "(SELECT f FROM Folder f WHERE f.account.id = :account)")
                        .setParameter("ids", slice).setParameter("account", lock.getAccountId()).executeUpdate();
            }
            ContentReferences.deleteUnreferenced(em, contents);
        }
        lock.free();
        return true;
    }

    /** Frees the lock without deleting anything (the session ended without QUIT). */
    public void release(String handle) {
        em.createQuery("SELECT l FROM MaildropLock l WHERE l.holder = :h", MaildropLock.class)
                .setParameter("h", handle).getResultStream().findFirst().ifPresent(MaildropLock::free);
    }

    /**
     * Up to {@code length} octets of a message from {@code offset}, for the session holding the
     * lock; an empty array past the end. Fails when the message is not in that session's maildrop.
     */
    public byte[] read(String handle, long entryId, long offset, int length) {
        List<Long> content = em.createQuery("SELECT e.content.id FROM MailboxEntry e, MaildropLock l "
                        + "WHERE l.holder = :h AND e.id = :id AND e.folder.account.id = l.accountId", Long.class)
                .setParameter("h", handle).setParameter("id", entryId).getResultList();
        if (content.isEmpty()) {
            throw new NotFoundException("message " + entryId + " is not in the maildrop of this session");
        }
        return contents.read(content.get(0), offset, length);
    }

    /**
     * Whole contents of several messages of the locked maildrop, in the order of {@code entryIds};
     * null for an id that is not (or no longer) in this session's maildrop.
     * <p>
     * POP3 read-ahead calls this for every batch of a maildrop download, so it is lean: no JTA
     * transaction (two SELECTs; beginning one scheduled a timeout alarm per batch, 5% of the
     * server's CPU per message), plain JDBC reading each BLOB with {@code getBytes}, not EclipseLink
     * materialising a {@code Blob} per row and copying it, and the lock's account looked up first:
     * joined in one statement with the lock, Derby hashed the whole folder table for every batch
     * (docs/performance.md, POP3).
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public List<byte[]> readWhole(String handle, List<Long> entryIds) {
        if (entryIds.isEmpty()) {
            return List.of();
        }
        Map<Long, byte[]> found = new HashMap<>();
        try (Connection c = contents.connection()) {
            Long account = lockedAccount(c, handle);
            if (account != null) {
                try (PreparedStatement q = c.prepareStatement(READ_WHOLE + InLists.placeholders(entryIds.size()) + ")")) {
                    q.setLong(1, account);
                    InLists.bind(q, 2, entryIds);
                    try (ResultSet rs = q.executeQuery()) {
                        while (rs.next()) {
                            found.put(rs.getLong(1), rs.getBytes(2));
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The messages of maildrop " + handle + " could not be read", e);
        }
        List<byte[]> ordered = new ArrayList<>(entryIds.size());
        entryIds.forEach(id -> ordered.add(found.get(id)));
        return ordered;
    }

    /** The account whose maildrop lock {@code handle} holds, or null. */
    private static Long lockedAccount(Connection c, String handle) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(LOCKED_ACCOUNT)) {
            q.setString(1, handle);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    private Optional<MaildropLock> lockedBy(String handle, Instant now) {
        Optional<MaildropLock> found = em.createQuery("SELECT l FROM MaildropLock l WHERE l.holder = :h", MaildropLock.class)
                .setParameter("h", handle).getResultStream().findFirst();
        return found.map(l -> em.find(MaildropLock.class, l.getAccountId(), LockModeType.PESSIMISTIC_WRITE))
                .filter(l -> l.isHeldBy(handle, now));
    }
}
