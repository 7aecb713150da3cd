package dev.maildock.ejb.account;

import dev.maildock.ejb.common.Addresses;
import dev.maildock.ejb.common.ConflictException;
import dev.maildock.ejb.common.InvalidInputException;
import dev.maildock.ejb.common.NotFoundException;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Accounts: the people (and robots) who own mailboxes and log in. */
@Stateless
public class AccountService {

    @PersistenceContext(unitName = "maildock")
    private EntityManager em;

    /** Tells the caches of address resolution, after commit, that this transaction changed it. */
    @Inject
    private Event<DirectoryChanged> directoryChanged;

    @EJB
    private DomainService domains;

    /** Lets the mailbox create and delete an account's folders in this transaction. */
    @Inject
    private Event<AccountCreated> accountCreated;

    @Inject
    private Event<AccountDeleting> accountDeleting;

    @Inject
    private PasswordHasher hasher;

    /** Creates an account in a local domain with INBOX, Sent, Drafts and Trash. */
    public AccountView create(String address, String password, String displayName) {
        String normalized = Addresses.mailbox("address", address);
        requirePassword(password);
        String domainName = Addresses.domainOf(normalized);
        Domain domain = domains.find(domainName)
                .orElseThrow(() -> new InvalidInputException("address", "domain " + domainName + " is not a local domain"));
        if (find(normalized).isPresent() || aliasExists(normalized)) {
            throw new ConflictException("address " + normalized + " is taken");
        }
        if (displayName != null && displayName.length() > 200) {
            throw new InvalidInputException("displayName", "is longer than 200 characters");
        }
        Account account = new Account(normalized, domain, hasher.hash(password), displayName, Instant.now());
        em.persist(account);
        accountCreated.fire(new AccountCreated(account));
        directoryChanged.fire(new DirectoryChanged());
        return AccountView.of(account);
    }

    public List<AccountView> list() {
        return em.createNamedQuery(Account.ALL, Account.class).getResultStream().map(AccountView::of).toList();
    }

    public AccountView get(String address) {
        return AccountView.of(require(address));
    }

    /** Deletes the account with its folders and mail. */
    public void delete(String address) {
        Account account = require(address);
        accountDeleting.fire(new AccountDeleting(account));
        em.remove(account);
        directoryChanged.fire(new DirectoryChanged());
    }

    public void changePassword(String address, String password) {
        requirePassword(password);
        require(address).setPasswordHash(hasher.hash(password));
    }

    /**
     * Lets the account log in with POP3 APOP using this shared secret, kept as given (APOP needs
     * the server to know it; see {@link Account}). It is independent of the password.
     */
    public void setApopSecret(String address, String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new InvalidInputException("secret", "is required");
        }
        if (secret.length() > 1024) {
            throw new InvalidInputException("secret", "is longer than 1024 characters");
        }
        require(address).setApopSecret(secret);
    }

    /** Turns APOP off for the account (the secret is forgotten). */
    public void removeApopSecret(String address) {
        require(address).setApopSecret(null);
    }

    /**
     * Sets how many octets of stored mail the account may hold; 0 means no limit. Enforced at RCPT
     * and submission by {@code Quotas} (soft: a message is refused once the mailbox is at or over it).
     */
    public void setQuota(String address, long quotaBytes) {
        if (quotaBytes < 0) {
            throw new InvalidInputException("quota", "must not be negative");
        }
        require(address).setQuotaBytes(quotaBytes);
        directoryChanged.fire(new DirectoryChanged());
    }

    /** The account's quota in octets, 0 for none or no such account: one indexed column read. */
    public long quotaBytes(String normalizedAddress) {
        return em.createNamedQuery(Account.QUOTA, Long.class).setParameter("address", normalizedAddress)
                .getResultStream().findFirst().orElse(0L);
    }

    /**
     * What a signed-in web session must still match, read on each of its requests: empty when the
     * account is gone or disabled, else a digest of its password hash (a reset password changes
     * it). One look-up by the unique address, no lock; the hash itself never leaves this class.
     */
    public Optional<String> sessionStamp(String normalizedAddress) {
        return em.createNamedQuery(Account.ENABLED_HASH, String.class).setParameter("address", normalizedAddress)
                .getResultStream().findFirst().map(AccountService::digest);
    }

    private static String digest(String passwordHash) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest(passwordHash.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public void setEnabled(String address, boolean enabled) {
        require(address).setEnabled(enabled);
        directoryChanged.fire(new DirectoryChanged());
    }

    /**
     * Checks a login. Unknown address, wrong password and disabled account all answer false after
     * the same hashing work, so the answer and its timing say nothing about which it was.
     */
    public boolean authenticate(String address, String password) {
        Optional<Account> account = address == null ? Optional.empty() : find(address.trim().toLowerCase(Locale.ROOT));
        boolean match = hasher.verify(password == null ? "" : password, account.map(Account::getPasswordHash).orElse(null));
        return match && account.get().isEnabled();
    }

    /**
     * Whether mail for this address can be filed: an enabled account with exactly this address
     * (case-insensitive). For SMTP RCPT; it does no password work.
     */
    public boolean acceptsMail(String address) {
        return address != null && find(address.trim().toLowerCase(Locale.ROOT))
                .map(Account::isEnabled).orElse(false);
    }

    private Account require(String address) {
        String normalized = Addresses.mailbox("address", address);
        return find(normalized).orElseThrow(() -> new NotFoundException("no account " + normalized));
    }

    private Optional<Account> find(String normalizedAddress) {
        return em.createNamedQuery(Account.BY_ADDRESS, Account.class).setParameter("address", normalizedAddress)
                .getResultStream().findFirst();
    }

    private boolean aliasExists(String normalizedAddress) {
        return em.createNamedQuery(Alias.BY_ADDRESS, Alias.class).setParameter("address", normalizedAddress)
                .getResultStream().findFirst().isPresent();
    }

    private static void requirePassword(String password) {
        if (password == null || password.isEmpty()) {
            throw new InvalidInputException("password", "is required");
        }
        if (password.length() > 1024) {
            throw new InvalidInputException("password", "is longer than 1024 characters");
        }
    }
}
