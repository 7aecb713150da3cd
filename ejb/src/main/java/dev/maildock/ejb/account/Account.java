package dev.maildock.ejb.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

import java.time.Instant;

/** A mailbox owner who can log in. The address is stored in lower case and is the login name. */
@Entity
@Table(name = "MD_ACCOUNT")
@NamedQuery(name = Account.BY_ADDRESS, query = "SELECT a FROM Account a WHERE a.address = :address")
@NamedQuery(name = Account.QUOTA, query = "SELECT a.quotaBytes FROM Account a WHERE a.address = :address")
@NamedQuery(name = Account.ENABLED_HASH,
        query = "SELECT a.passwordHash FROM Account a WHERE a.address = :address AND a.enabled = TRUE")
@NamedQuery(name = Account.ALL, query = "SELECT a FROM Account a ORDER BY a.address")
@NamedQuery(name = Account.COUNT_IN_DOMAIN, query = "SELECT COUNT(a) FROM Account a WHERE a.domain = :domain")
public class Account {

    static final String BY_ADDRESS = "Account.byAddress";
    static final String ALL = "Account.all";
    static final String QUOTA = "Account.quota";
    static final String ENABLED_HASH = "Account.enabledHash";
    static final String COUNT_IN_DOMAIN = "Account.countInDomain";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, unique = true, length = 320)
    private String address;

    @ManyToOne(optional = false, fetch = FetchType.LAZY)
    @JoinColumn(name = "DOMAIN_ID")
    private Domain domain;

    /** Pbkdf2PasswordHash's self-describing form (algorithm:iterations:salt:hash). */
    @Column(nullable = false, length = 512)
    private String passwordHash;

    @Column(length = 200)
    private String displayName;

    /**
     * The APOP shared secret (RFC 1939 section 7), or null when the account does not use APOP.
     * Stored as given, not hashed: the server must compute MD5(timestamp + secret) for each
     * greeting's new timestamp, so it needs the secret itself. That is why it is separate from the
     * password (which is kept only as a PBKDF2 hash), set only on request, and never shown.
     */
    @Column(length = 1024)
    private String apopSecret;

    /** Octets of stored mail allowed; 0 means no limit. */
    @Column(nullable = false)
    private long quotaBytes;

    @Column(nullable = false)
    private boolean enabled;

    /** Failed logins since the last successful one, from any address: delays, never locks (LoginPolicy). */
    @Column(nullable = false)
    private int failedLogins;

    @Column(nullable = false)
    private Instant created;

    /**
     * The highest UIDVALIDITY any of the account's folders has had, deleted ones included: a
     * folder made again under a deleted one's name must not get its value back (RFC 3501 section
     * 2.3.1.1), even within the same second. Null on rows from before it.
     */
    private Long highestUidValidity;

    protected Account() {
    }

    Account(String address, Domain domain, String passwordHash, String displayName, Instant created) {
        this.address = address;
        this.domain = domain;
        this.passwordHash = passwordHash;
        this.displayName = displayName;
        this.enabled = true;
        this.created = created;
    }

    public Long getId() {
        return id;
    }

    public String getAddress() {
        return address;
    }

    public Domain getDomain() {
        return domain;
    }

    String getPasswordHash() {
        return passwordHash;
    }

    void setPasswordHash(String passwordHash) {
        this.passwordHash = passwordHash;
    }

    String getApopSecret() {
        return apopSecret;
    }

    void setApopSecret(String apopSecret) {
        this.apopSecret = apopSecret;
    }

    public String getDisplayName() {
        return displayName;
    }

    public long getQuotaBytes() {
        return quotaBytes;
    }

    void setQuotaBytes(long quotaBytes) {
        this.quotaBytes = quotaBytes;
    }

    public boolean isEnabled() {
        return enabled;
    }

    void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public int getFailedLogins() {
        return failedLogins;
    }

    /** Counts one failed login; returns the failures since the last successful login. */
    int fail() {
        return ++failedLogins;
    }

    void loggedIn() {
        failedLogins = 0;
    }

    public Instant getCreated() {
        return created;
    }

    public long getHighestUidValidity() {
        return highestUidValidity == null ? 0 : highestUidValidity;
    }

    public void setHighestUidValidity(long highestUidValidity) {
        this.highestUidValidity = highestUidValidity;
    }
}
