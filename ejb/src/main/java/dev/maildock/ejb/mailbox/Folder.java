package dev.maildock.ejb.mailbox;

import dev.maildock.ejb.account.Account;
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

    protected Folder() {
    }

    Folder(Account account, String name, FolderRole role, long uidValidity) {
        this.account = account;
        this.name = name;
        this.role = role;
        this.uidValidity = uidValidity;
        this.nextUid = 1;
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

    void rename(String newName) {
        this.name = newName;
    }

    /** Takes the next UID; the caller holds a write lock on this row. */
    long takeUid() {
        return nextUid++;
    }
}
