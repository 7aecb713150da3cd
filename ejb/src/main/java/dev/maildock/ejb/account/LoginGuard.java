package dev.maildock.ejb.account;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Every login of every protocol (SMTP AUTH, POP3, webmail) goes through here: the password check
 * plus the failed-login counters per account and per client address, kept in the database so all
 * nodes share them. A locked account or address gets the same "no" as a wrong password, after
 * the same hashing work, so a client cannot tell a lockout from a typo or probe which accounts exist.
 */
@Stateless
public class LoginGuard {

    private static final Logger LOG = Logger.getLogger(LoginGuard.class.getName());

    @PersistenceContext(unitName = "maildock")
    private EntityManager em;

    @Inject
    private PasswordHasher hasher;

    private final LoginPolicy policy = LoginPolicy.DEFAULT;

    /**
     * @param user          the login name as the client sent it
     * @param clientAddress the client's IP address as text (never null; "local" for in-process callers)
     * @return the normalised account address when the login succeeds
     */
    public Optional<String> login(String user, String password, String clientAddress) {
        String address = normalise(user);
        Account account = lockAccount(address);
        ClientLoginFailures client = em.find(ClientLoginFailures.class, clientAddress, LockModeType.PESSIMISTIC_WRITE);
        boolean passwordMatches = hasher.verify(password == null ? "" : password,
                account == null ? null : account.getPasswordHash());
        return decide(address, account, client, clientAddress, passwordMatches);
    }

    /**
     * A POP3 APOP login (RFC 1939 section 7): the digest must be the lower-case hex MD5 of the
     * greeting's timestamp followed by the account's APOP secret. An account without a secret
     * fails like a wrong digest, and every failure counts towards the same lockout as a wrong password.
     *
     * @param timestamp the timestamp of this connection's greeting, angle brackets included
     * @param digest    the client's digest (32 hex digits)
     * @return the normalised account address when the login succeeds
     */
    public Optional<String> loginApop(String user, String timestamp, String digest, String clientAddress) {
        String address = normalise(user);
        Account account = lockAccount(address);
        ClientLoginFailures client = em.find(ClientLoginFailures.class, clientAddress, LockModeType.PESSIMISTIC_WRITE);
        String secret = account == null ? null : account.getApopSecret();
        boolean digestMatches = secret != null && timestamp != null && digest != null
                && MessageDigest.isEqual(apopDigest(timestamp, secret).getBytes(StandardCharsets.US_ASCII),
                digest.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
        return decide(address, account, client, clientAddress, digestMatches);
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

    private static String normalise(String user) {
        return user == null ? "" : user.trim().toLowerCase(Locale.ROOT);
    }

    private Account lockAccount(String address) {
        return em.createQuery("SELECT a FROM Account a WHERE a.address = :address", Account.class)
                .setParameter("address", address).setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultStream().findFirst().orElse(null);
    }

    /**
     * The verdict for a checked credential, the same for every way of logging in: success only
     * for an enabled, unlocked account; otherwise a failure counted against the account and the
     * client address (nothing counted while locked).
     */
    private Optional<String> decide(String address, Account account, ClientLoginFailures client, String clientAddress,
                                    boolean verified) {
        Instant now = Instant.now();
        boolean locked = (account != null && account.lockedAt(now)) || (client != null && client.lockedAt(now));
        if (verified && !locked && account.isEnabled()) {
            account.loggedIn();
            return Optional.of(address);
        }
        if (!locked) {
            countFailure(account, client, clientAddress, now);
        }
        return Optional.empty();
    }

    private void countFailure(Account account, ClientLoginFailures client, String clientAddress, Instant now) {
        if (account != null && account.fail(now, policy)) {
            LOG.warning(() -> "MAILDOCK0210W: Account " + account.getAddress() + " is locked for " + policy.lockout()
                    + " after " + policy.maxFailuresPerAccount() + " failed logins (the last from " + clientAddress + ").");
        }
        ClientLoginFailures failures = client;
        if (failures == null) {
            failures = new ClientLoginFailures(clientAddress, now);
            em.persist(failures);
        }
        if (failures.fail(now, policy)) {
            LOG.warning(() -> "MAILDOCK0211W: Client " + clientAddress + " may not log in for " + policy.lockout()
                    + " after " + policy.maxFailuresPerClient() + " failed logins.");
        }
    }
}
