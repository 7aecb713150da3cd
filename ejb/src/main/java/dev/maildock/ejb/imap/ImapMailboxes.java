package dev.maildock.ejb.imap;

import dev.maildock.ejb.account.Account;
import dev.maildock.ejb.account.AccountService;
import dev.maildock.ejb.mailbox.Expunges;
import dev.maildock.ejb.mailbox.Folder;
import dev.maildock.ejb.mailbox.FolderRole;
import dev.maildock.ejb.mailbox.FolderService;
import dev.maildock.ejb.mailbox.MailboxService;
import dev.maildock.ejb.mailbox.Subscription;
import dev.maildock.rar.api.imap.MailboxInfo;
import dev.maildock.rar.api.imap.MailboxOutcome;
import dev.maildock.rar.api.imap.MailboxStatus;
import dev.maildock.rar.api.imap.QuotaUsage;
import dev.maildock.rar.api.imap.SpecialUse;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * IMAP's mailbox commands on an account's folders: LIST, STATUS, CREATE, DELETE, RENAME,
 * SUBSCRIBE, and GETQUOTA. Hierarchy follows from the names ({@code /}); a mailbox with inferiors
 * cannot be deleted (HASCHILDREN, as Dovecot answers), so there are no \Noselect levels.
 */
@Stateless
public class ImapMailboxes {

    @PersistenceContext(unitName = "maildock")
    private EntityManager em;

    @EJB
    private FolderService folders;

    @EJB
    private MailboxService mailboxes;

    @EJB
    private AccountService accounts;

    /**
     * Every folder of the account, and the names it subscribed to that are no folder (with id 0:
     * LIST shows them \NonExistent).
     */
    public List<MailboxInfo> mailboxes(String account) {
        Map<String, Boolean> subscriptions = new HashMap<>();
        em.createQuery("SELECT s FROM Subscription s WHERE s.account.address = :a", Subscription.class)
                .setParameter("a", account).getResultStream()
                .forEach(s -> subscriptions.put(s.getName(), s.isSubscribed()));
        List<MailboxInfo> infos = new ArrayList<>();
        for (Folder f : em.createQuery("SELECT f FROM Folder f WHERE f.account.address = :a", Folder.class)
                .setParameter("a", account).getResultList()) {
            Boolean chosen = subscriptions.remove(f.getName());
            infos.add(new MailboxInfo(f.getId(), f.getName(), f.getSpecialUse(),
                    chosen == null ? f.getRole() != FolderRole.USER : chosen));
        }
        subscriptions.forEach((name, subscribed) -> {
            if (subscribed) {
                infos.add(new MailboxInfo(0, name, null, true));
            }
        });
        return infos;
    }

    /** STATUS: counts of one grouped query over the folder's entries. */
    public MailboxStatus status(String account, String mailbox) {
        Optional<Folder> found = AccountFolders.byName(em, account, mailbox);
        if (found.isEmpty()) {
            return null;
        }
        Folder f = found.get();
        // SUMs come back as Long on Derby and may be BigDecimal on PostgreSQL: read them as Numbers.
        // No parameter inside CASE: EclipseLink would then send the statement with its values
        // written in, and Derby compile it at every STATUS (5% of the server's CPU under imaptest).
        Object[] row = em.createQuery("SELECT COUNT(e), SUM(CASE WHEN e.seen = FALSE THEN 1 ELSE 0 END),"
                        + " SUM(CASE WHEN e.deleted = TRUE THEN 1 ELSE 0 END), SUM(e.size),"
                        + " SUM(CASE WHEN e.uid >= COALESCE(e.folder.firstRecentUid, 1) THEN 1 ELSE 0 END)"
                        + " FROM MailboxEntry e WHERE e.folder = :f", Object[].class)
                .setParameter("f", f).getSingleResult();
        return new MailboxStatus(f.getId(), number(row[0]), f.getNextUid(), f.getUidValidity(), number(row[1]),
                number(row[2]), number(row[3]), f.getHighestModSeq(), number(row[4]));
    }

    /** CREATE, with the missing superiors (RFC 9051 section 6.3.3 SHOULD). */
    public MailboxOutcome create(String account, String mailbox, SpecialUse specialUse) {
        String name = MailboxNames.folderName(mailbox);
        if (AccountFolders.byName(em, account, name).isPresent() || MailboxNames.isInbox(name)) {
            return MailboxOutcome.ALREADY_EXISTS;
        }
        // \Sent, \Drafts and \Trash belong to the standard folders the submission path files into.
        if (!MailboxNames.creatable(name) || specialUse == SpecialUse.SENT || specialUse == SpecialUse.DRAFTS
                || specialUse == SpecialUse.TRASH) {
            return MailboxOutcome.CANNOT;
        }
        Account owner = owner(account);
        for (String superior : MailboxNames.superiors(name)) {
            if (AccountFolders.byName(em, account, superior).isEmpty()) {
                if (!MailboxNames.creatable(superior)) {
                    return MailboxOutcome.CANNOT;
                }
                folders.create(owner, superior);
            }
        }
        folders.create(owner, name).setSpecialUse(specialUse);
        return MailboxOutcome.DONE;
    }

    /**
     * DELETE of a user folder without inferiors, with its messages. INBOX and the standard folders
     * (which the submission path and the webmail file into) cannot be deleted.
     */
    public MailboxOutcome delete(String account, String mailbox) {
        Optional<Folder> found = AccountFolders.byName(em, account, mailbox);
        if (found.isEmpty()) {
            return MailboxOutcome.NONEXISTENT;
        }
        Folder folder = found.get();
        if (folder.getRole() != FolderRole.USER) {
            return MailboxOutcome.CANNOT;
        }
        if (!inferiors(account, folder.getName()).isEmpty()) {
            return MailboxOutcome.HAS_CHILDREN;
        }
        folders.delete(account, folder.getName());
        return MailboxOutcome.DONE;
    }

    /**
     * RENAME with the inferiors, creating missing superiors of the new name. Renaming INBOX makes
     * a new folder and moves INBOX's messages into it with their UIDs (its inferiors stay), as RFC
     * 9051 section 6.3.6 says; the standard folders keep their names.
     */
    public MailboxOutcome rename(String account, String from, String to) {
        Optional<Folder> found = AccountFolders.byName(em, account, from);
        if (found.isEmpty()) {
            return MailboxOutcome.NONEXISTENT;
        }
        Folder folder = found.get();
        String target = MailboxNames.folderName(to);
        if (AccountFolders.byName(em, account, target).isPresent() || MailboxNames.isInbox(target)) {
            return MailboxOutcome.ALREADY_EXISTS;
        }
        if (!MailboxNames.creatable(target) || target.startsWith(folder.getName() + MailboxNames.DELIMITER)
                || (folder.getRole() != FolderRole.USER && folder.getRole() != FolderRole.INBOX)) {
            return MailboxOutcome.CANNOT;
        }
        Account owner = owner(account);
        if (folder.getRole() == FolderRole.INBOX) {
            return createSuperiors(owner, target) ? moveInbox(owner, folder, target) : MailboxOutcome.CANNOT;
        }
        List<Folder> inferiors = inferiors(account, folder.getName());
        for (Folder inferior : inferiors) {
            String renamed = target + inferior.getName().substring(folder.getName().length());
            if (AccountFolders.byName(em, account, renamed).isPresent()) {
                return MailboxOutcome.ALREADY_EXISTS;
            }
            if (!MailboxNames.creatable(renamed)) {
                return MailboxOutcome.CANNOT;
            }
        }
        if (!createSuperiors(owner, target)) {
            return MailboxOutcome.CANNOT;
        }
        for (Folder inferior : inferiors) {
            inferior.rename(target + inferior.getName().substring(folder.getName().length()));
        }
        folder.rename(target);
        return MailboxOutcome.DONE;
    }

    /** SUBSCRIBE or UNSUBSCRIBE a name, which need not be a folder's. */
    public MailboxOutcome subscribe(String account, String mailbox, boolean subscribed) {
        String name = MailboxNames.folderName(mailbox);
        if (name.isBlank() || name.length() > 200) {
            return MailboxOutcome.CANNOT;
        }
        Optional<Subscription> row = em.createQuery(
                        "SELECT s FROM Subscription s WHERE s.account.address = :a AND s.name = :n", Subscription.class)
                .setParameter("a", account).setParameter("n", name).getResultStream().findFirst();
        if (row.isPresent()) {
            row.get().setSubscribed(subscribed);
        } else {
            em.persist(new Subscription(owner(account), name, subscribed));
        }
        return MailboxOutcome.DONE;
    }

    /** The account's stored octets (every copy counted, as the quota counts them) and its quota. */
    public QuotaUsage quota(String account) {
        return new QuotaUsage(mailboxes.usage(account), accounts.quotaBytes(account));
    }

    private List<Folder> inferiors(String account, String name) {
        return em.createQuery("SELECT f FROM Folder f WHERE f.account.address = :a AND f.name LIKE :p ESCAPE '\\'",
                        Folder.class)
                .setParameter("a", account).setParameter("p", MailboxNames.inferiorsPattern(name)).getResultList();
    }

    private boolean createSuperiors(Account owner, String name) {
        for (String superior : MailboxNames.superiors(name)) {
            if (AccountFolders.byName(em, owner.getAddress(), superior).isEmpty()) {
                if (!MailboxNames.creatable(superior)) {
                    return false;
                }
                folders.create(owner, superior);
            }
        }
        return true;
    }

    /** RENAME INBOX: its messages, with their UIDs, into a new folder; INBOX is left empty. */
    private MailboxOutcome moveInbox(Account owner, Folder inbox, String target) {
        AccountFolders.lock(em, inbox);
        Folder moved = folders.create(owner, target);
        moved.continueUids(inbox);
        em.flush();
        List<Long> uids = em.createQuery("SELECT e.uid FROM MailboxEntry e WHERE e.folder = :f", Long.class)
                .setParameter("f", inbox).getResultList();
        if (!uids.isEmpty()) {
            Expunges.logRemoved(em, inbox, uids);
            em.createQuery("UPDATE MailboxEntry e SET e.folder = :to, e.modSeq = :m WHERE e.folder = :from")
                    .setParameter("to", moved).setParameter("m", moved.takeModSeq()).setParameter("from", inbox)
                    .executeUpdate();
        }
        return MailboxOutcome.DONE;
    }

    private Account owner(String account) {
        return em.createQuery("SELECT a FROM Account a WHERE a.address = :a", Account.class)
                .setParameter("a", account).getSingleResult();
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }
}
