package dev.maildock.ejb.account;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

import java.time.Instant;
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
        Instant now = Instant.now();
        String address = user == null ? "" : user.trim().toLowerCase(Locale.ROOT);
        Account account = em.createQuery("SELECT a FROM Account a WHERE a.address = :address", Account.class)
                .setParameter("address", address).setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultStream().findFirst().orElse(null);
        ClientLoginFailures client = em.find(ClientLoginFailures.class, clientAddress, LockModeType.PESSIMISTIC_WRITE);

        boolean passwordMatches = hasher.verify(password == null ? "" : password,
                account == null ? null : account.getPasswordHash());
        boolean locked = (account != null && account.lockedAt(now)) || (client != null && client.lockedAt(now));
        if (passwordMatches && !locked && account.isEnabled()) {
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
