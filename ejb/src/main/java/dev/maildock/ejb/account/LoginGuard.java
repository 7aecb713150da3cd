package dev.maildock.ejb.account;

import dev.maildock.ejb.admin.AdminCredentialService;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Every login of every protocol (SMTP AUTH, POP3, webmail, the provider, the admin user) goes
 * through here: the credential check plus the failed-login counts of {@link LoginPolicy}, kept in
 * the database so all nodes share them. A refused attempt (locked, or inside the delay after a
 * failure) gets the same "no" as a wrong password, after the same hashing work, so a client cannot
 * tell a lockout from a typo or probe which accounts exist.
 */
@Stateless
public class LoginGuard {

    private static final Logger LOG = Logger.getLogger(LoginGuard.class.getName());
    private static final int MAX_NAME = 320;

    @PersistenceContext(unitName = "maildock")
    private EntityManager em;

    @Inject
    private PasswordHasher hasher;

    @EJB
    private AdminCredentialService adminCredentials;

    private final LoginPolicy policy = LoginPolicy.DEFAULT;

    /**
     * @param user          the login name as the client sent it
     * @param clientAddress the client's IP address as text (never null; "local" for in-process callers)
     * @return the normalised account address when the login succeeds
     */
    public Optional<String> login(String user, String password, String clientAddress) {
        return check(user, password, clientAddress).account();
    }

    /** {@link #login}, with the delay the protocol should put before a failure answer. */
    public LoginVerdict check(String user, String password, String clientAddress) {
        String address = normalise(user);
        Account account = lockAccount(address);
        boolean passwordMatches = hasher.verify(password == null ? "" : password,
                account == null ? null : account.getPasswordHash());
        return decide(address, account, clientAddress, passwordMatches && account.isEnabled());
    }

    /**
     * A POP3 APOP login (RFC 1939 section 7): the digest must be the lower-case hex MD5 of the
     * greeting's timestamp followed by the account's APOP secret. An account without a secret
     * fails like a wrong digest, and every failure counts towards the same lockout as a wrong password.
     *
     * @param timestamp the timestamp of this connection's greeting, angle brackets included
     * @param digest    the client's digest (32 hex digits)
     */
    public LoginVerdict checkApop(String user, String timestamp, String digest, String clientAddress) {
        String address = normalise(user);
        Account account = lockAccount(address);
        String secret = account == null ? null : account.getApopSecret();
        boolean digestMatches = secret != null && timestamp != null && digest != null
                && MessageDigest.isEqual(apopDigest(timestamp, secret).getBytes(StandardCharsets.US_ASCII),
                digest.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
        return decide(address, account, clientAddress, digestMatches && account.isEnabled());
    }

    /**
     * The built-in {@code admin} user (API Basic and the admin's form login): the same counts and
     * answers as an account, so guessing the admin password is as slow as any other.
     */
    public boolean loginAdmin(String user, String password, String clientAddress) {
        boolean matches = adminCredentials.verify(user, password);
        return decide(normalise(user), null, clientAddress, matches).account().isPresent();
    }

    /** Lower-case hex MD5(timestamp + secret), as RFC 1939 section 7 defines the APOP digest. */
    static String apopDigest(String timestamp, String secret) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            return HexFormat.of().formatHex(md5.digest((timestamp + secret).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is a required JDK algorithm", e);
        }
    }

    /**
     * Lower case, trimmed, and cut to the longest address (RFC 5321's 64 + 1 + 255 octets, the
     * column's length): a longer name is no account, and its failures still count.
     */
    private static String normalise(String user) {
        String name = user == null ? "" : user.trim().toLowerCase(Locale.ROOT);
        return name.length() <= MAX_NAME ? name : name.substring(0, MAX_NAME);
    }

    private Account lockAccount(String address) {
        return em.createQuery("SELECT a FROM Account a WHERE a.address = :address", Account.class)
                .setParameter("address", address).setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultStream().findFirst().orElse(null);
    }

    /**
     * The verdict for a checked credential, the same for every way of logging in. An attempt
     * while the (name, address) pair or the address is locked is refused and not counted (the lock
     * does not grow); one while the pair is held off after a failure is refused and counted, so
     * guessing faster than the delays only reaches the lock sooner. A failure counts against the
     * pair, the address and the account.
     *
     * @param name     the normalised login name (an account address, or admin)
     * @param account  the account row, locked, or null (unknown name or admin)
     * @param verified whether the credential is right for a user that may log in
     */
    private LoginVerdict decide(String name, Account account, String clientAddress, boolean verified) {
        Instant now = Instant.now();
        AccountClientLoginFailures pair = em.find(AccountClientLoginFailures.class,
                new AccountClientLoginFailures.Key(name, clientAddress), LockModeType.PESSIMISTIC_WRITE);
        ClientLoginFailures client = em.find(ClientLoginFailures.class, clientAddress, LockModeType.PESSIMISTIC_WRITE);
        Duration locked = longer(pair == null ? Duration.ZERO : pair.lockedFor(now),
                client == null ? Duration.ZERO : client.lockedFor(now));
        if (!locked.isZero()) {
            return LoginVerdict.failure(shorter(locked, policy.maxDelay()));
        }
        if (verified && (pair == null || !pair.heldOffAt(now))) {
            if (account != null) {
                account.loggedIn();
            }
            if (pair != null) {
                em.remove(pair);
            }
            return LoginVerdict.success(name);
        }
        if (pair == null) {
            pair = new AccountClientLoginFailures(name, clientAddress, now);
            em.persist(pair);
        }
        if (client == null) {
            client = new ClientLoginFailures(clientAddress, now);
            em.persist(client);
        }
        return LoginVerdict.failure(count(name, account, pair, client, now));
    }

    /** Counts a failure everywhere, logs each burst once, and returns the longest delay it earns. */
    private Duration count(String name, Account account, AccountClientLoginFailures pair, ClientLoginFailures client,
                           Instant now) {
        String clientAddress = client.getClientAddress();
        LoginPolicy.Limits pairLimits = policy.perAccountAndClient();
        int pairFailures = pair.fail(now, policy, pairLimits);
        if (pairFailures == pairLimits.delayAfter()) {
            LOG.warning(() -> "MAILDOCK0212W: " + pairFailures + " failed logins as " + name + " from " + clientAddress
                    + "; each further failure delays its next attempt, and " + pairLimits.lockAfter()
                    + " lock the pair for " + policy.lockout() + ".");
        } else if (pairFailures == pairLimits.lockAfter()) {
            LOG.warning(() -> "MAILDOCK0210W: Logins as " + name + " from " + clientAddress + " are locked for "
                    + policy.lockout() + " after " + pairFailures + " failures; other addresses are not affected.");
        }
        LoginPolicy.Limits clientLimits = policy.perClient();
        int clientFailures = client.fail(now, policy, clientLimits);
        if (clientFailures == clientLimits.delayAfter()) {
            LOG.warning(() -> "MAILDOCK0213W: " + clientFailures + " failed logins from " + clientAddress
                    + " (any names); each further failure delays its next attempt, and " + clientLimits.lockAfter()
                    + " lock the address for " + policy.lockout() + ".");
        } else if (clientFailures == clientLimits.lockAfter()) {
            LOG.warning(() -> "MAILDOCK0211W: Client " + clientAddress + " may not log in for " + policy.lockout()
                    + " after " + clientFailures + " failed logins.");
        }
        Duration pairDelay = policy.delay(pairFailures, pairLimits.delayAfter());
        pair.holdOff(now, pairDelay);
        Duration delay = longer(pairDelay, policy.delay(clientFailures, clientLimits.delayAfter()));
        if (account != null) {
            int accountFailures = account.fail();
            if (accountFailures == policy.accountDelayAfter()) {
                LOG.warning(() -> "MAILDOCK0214W: Account " + name + " had " + accountFailures
                        + " failed logins since its last login (the last from " + clientAddress
                        + "); its failure answers are delayed, it is not locked.");
            }
            delay = longer(delay, policy.delay(accountFailures, policy.accountDelayAfter()));
        }
        return delay;
    }

    private static Duration longer(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static Duration shorter(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
