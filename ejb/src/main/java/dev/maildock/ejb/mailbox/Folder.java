package dev.maildock.ejb.mailbox;

import dev.maildock.ejb.account.Account;
import dev.maildock.rar.api.imap.SpecialUse;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;

/**
 * A folder of one account. UIDs are handed out from {@code nextUid} and never reused, so together
 * with {@code uidValidity} they identify a message for good (POP3 UIDL, IMAP-style UIDFolder).
 */
@Entity
@Table(name = "MD_FOLDER", uniqueConstraints = @UniqueConstraint(columnNames = {"ACCOUNT_ID", "NAME"}))
@NamedQuery(name = Folder.OF_ACCOUNT, query = "SELECT f FROM Folder f WHERE f.account = :account ORDER BY f.id")
@NamedQuery(name = Folder.BY_ACCOUNT_ADDRESS,
        query = "SELECT f FROM Folder f WHERE f.account.address = :address ORDER BY f.id")
public class Folder {

    static final String OF_ACCOUNT = "Folder.ofAccount";
    static final String BY_ACCOUNT_ADDRESS = "Folder.byAccountAddress";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(optional = false, fetch = FetchType.LAZY)
    @JoinColumn(name = "ACCOUNT_ID")
    private Account account;

    @Column(name = "NAME", nullable = false, length = 200)
    private String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private FolderRole role;

    @Column(nullable = false)
    private long uidValidity;

    @Column(nullable = false)
    private long nextUid;

    /**
     * RFC 7162 HIGHESTMODSEQ: taken ({@link #takeModSeq}) under this row's write lock by every
     * change to the folder's messages, in the transaction of the change. Null on rows from before
     * IMAP, read as 0.
     */
    private Long highestModSeq;

    /**
     * IMAP4rev1 {@code \Recent} (RFC 3501 section 2.3.2): messages from this UID up have not been
     * seen by any session yet; the first session to see them claims them by moving it past them.
     * Null on rows from before it, read as 1 (every message is recent, as to a fresh Dovecot index).
     */
    private Long firstRecentUid;

    /**
     * The expunge log of this folder was pruned up to this MODSEQ ({@link Expunges}): a QRESYNC
     * client that knows an older one cannot be told its expunges from the log. Null (read as 0)
     * until the first pruning.
     */
    private Long prunedModSeq;

    /**
     * RFC 6154 special use of a user folder (IMAP CREATE-SPECIAL-USE: {@code \Junk}, {@code \Archive});
     * the standard folders' special use follows from their role. Not a role: the webmail and the
     * provider treat such a folder as any user folder.
     */
    @Enumerated(EnumType.STRING)
    @Column(length = 16)
    private SpecialUse specialUse;

    protected Folder() {
    }

    Folder(Account account, String name, FolderRole role, long uidValidity) {
        this.account = account;
        this.name = name;
        this.role = role;
        this.uidValidity = uidValidity;
        this.nextUid = 1;
        this.firstRecentUid = 1L;
    }

    public Long getId() {
        return id;
    }

    public Account getAccount() {
        return account;
    }

    public String getName() {
        return name;
    }

    public FolderRole getRole() {
        return role;
    }

    public long getUidValidity() {
        return uidValidity;
    }

    public long getNextUid() {
        return nextUid;
    }

    public long getFirstRecentUid() {
        return firstRecentUid == null ? 1 : firstRecentUid;
    }

    public long getHighestModSeq() {
        return highestModSeq == null ? 0 : highestModSeq;
    }

    public long getPrunedModSeq() {
        return prunedModSeq == null ? 0 : prunedModSeq;
    }

    /** The log's rows up to {@code modSeq} are being deleted; the caller holds a write lock on this row. */
    void prunedUpTo(long modSeq) {
        prunedModSeq = Math.max(getPrunedModSeq(), modSeq);
    }

    /** The folder's special use: its own for a user folder, else the one of its role (null for INBOX). */
    public SpecialUse getSpecialUse() {
        return switch (role) {
            case SENT -> SpecialUse.SENT;
            case DRAFTS -> SpecialUse.DRAFTS;
            case TRASH -> SpecialUse.TRASH;
            case INBOX -> null;
            case USER -> specialUse;
        };
    }

    public void setSpecialUse(SpecialUse specialUse) {
        this.specialUse = specialUse;
    }

    public void rename(String newName) {
        this.name = newName;
    }

    /** Takes the next UID; the caller holds a write lock on this row. */
    public long takeUid() {
        return nextUid++;
    }

    /** Takes the next MODSEQ for a change to the folder's messages; the caller holds a write lock on this row. */
    public long takeModSeq() {
        highestModSeq = getHighestModSeq() + 1;
        return highestModSeq;
    }

    /**
     * Makes this new folder continue another's UIDs (RENAME INBOX moves the messages with their
     * UIDs into a new folder, whose UIDVALIDITY differs).
     */
    public void continueUids(Folder from) {
        this.nextUid = from.nextUid;
        this.firstRecentUid = from.getFirstRecentUid();
    }
}
