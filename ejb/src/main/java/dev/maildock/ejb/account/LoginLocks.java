package dev.maildock.ejb.account;

import dev.maildock.ejb.common.NotFoundException;
import jakarta.ejb.Schedule;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.logging.Logger;

/**
 * The administrator's view of {@link LoginGuard}'s locks: which are in force, and lifting them
 * (the user called, or the address is the office's). Lifting forgets the failures too, so the
 * delays start over. Every hour the counts whose window and lock are over are dropped, so the
 * tables hold only live ones (a guesser trying many names leaves one row per name).
 */
@Stateless
public class LoginLocks {

    private static final Logger LOG = Logger.getLogger(LoginLocks.class.getName());

    @PersistenceContext(unitName = "maildock")
    private EntityManager em;

    @Schedule(minute = "17", hour = "*", persistent = false)
    void forgetOldFailures() {
        forgetFailuresBefore(Instant.now().minus(LoginPolicy.DEFAULT.window()));
    }

    /**
     * Drops the counts whose window began before {@code cutoff} and that are not locked now.
     *
     * @return how many were dropped
     */
    public int forgetFailuresBefore(Instant cutoff) {
        Instant now = Instant.now();
        return em.createQuery("DELETE FROM AccountClientLoginFailures p WHERE p.windowStart < :cutoff"
                        + " AND (p.lockedUntil IS NULL OR p.lockedUntil < :now)")
                .setParameter("cutoff", cutoff).setParameter("now", now).executeUpdate()
                + em.createQuery("DELETE FROM ClientLoginFailures c WHERE c.windowStart < :cutoff"
                        + " AND (c.lockedUntil IS NULL OR c.lockedUntil < :now)")
                .setParameter("cutoff", cutoff).setParameter("now", now).executeUpdate();
    }

    /** The locks in force now: whole addresses first, then (account, address) pairs, soonest end first. */
    public List<LoginLockView> current() {
        Instant now = Instant.now();
        List<LoginLockView> locks = new ArrayList<>();
        em.createQuery("SELECT c FROM ClientLoginFailures c WHERE c.lockedUntil > :now ORDER BY c.lockedUntil",
                        ClientLoginFailures.class).setParameter("now", now).getResultStream()
                .forEach(c -> locks.add(new LoginLockView(null, c.getClientAddress(), c.getFailures(), c.getLockedUntil())));
        em.createQuery("SELECT p FROM AccountClientLoginFailures p WHERE p.lockedUntil > :now ORDER BY p.lockedUntil",
                        AccountClientLoginFailures.class).setParameter("now", now).getResultStream()
                .forEach(p -> locks.add(new LoginLockView(p.getAccount(), p.getClientAddress(), p.getFailures(),
                        p.getLockedUntil())));
        return locks;
    }

    /**
     * Lifts the locks of a login name from every address (and forgets its failures).
     *
     * @throws NotFoundException when there was nothing to lift
     */
    public void liftAccount(String account) {
        String name = account.trim().toLowerCase(Locale.ROOT);
        int lifted = em.createQuery("DELETE FROM AccountClientLoginFailures p WHERE p.account = :a")
                .setParameter("a", name).executeUpdate();
        if (lifted == 0) {
            throw new NotFoundException("account: no failed logins of " + name);
        }
        LOG.info(() -> "MAILDOCK0215I: The administrator lifted the login lockout of " + name + " (" + lifted
                + " client address(es)).");
    }

    /**
     * Lifts the lock of a client address and of every login name from it (and forgets their failures).
     *
     * @throws NotFoundException when there was nothing to lift
     */
    public void liftClient(String client) {
        int lifted = em.createQuery("DELETE FROM ClientLoginFailures c WHERE c.clientAddress = :c")
                .setParameter("c", client).executeUpdate()
                + em.createQuery("DELETE FROM AccountClientLoginFailures p WHERE p.clientAddress = :c")
                .setParameter("c", client).executeUpdate();
        if (lifted == 0) {
            throw new NotFoundException("client: no failed logins from " + client);
        }
        LOG.info(() -> "MAILDOCK0216I: The administrator lifted the login lockout of client address " + client + ".");
    }
}
