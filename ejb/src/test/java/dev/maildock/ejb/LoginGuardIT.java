package dev.maildock.ejb;

import dev.maildock.ejb.account.AccountService;
import dev.maildock.ejb.account.DomainService;
import dev.maildock.ejb.account.LoginGuard;
import dev.maildock.ejb.account.LoginLocks;
import dev.maildock.ejb.account.LoginPolicy;
import jakarta.ejb.EJB;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lockout every protocol shares: per (account, client address), per client address and per account, in the database. */
@ExtendWith(ArquillianExtension.class)
class LoginGuardIT {

    private static final LoginPolicy POLICY = LoginPolicy.DEFAULT;

    @Deployment
    static WebArchive deployment() {
        return Deployments.services("login-guard-it");
    }

    @EJB
    private DomainService domains;
    @EJB
    private AccountService accounts;
    @EJB
    private LoginGuard guard;
    @EJB
    private LoginLocks locks;

    @Test
    void rightPasswordLogsInAndNormalisesTheName() {
        domains.create("guard-ok.test");
        accounts.create("ok@guard-ok.test", "pw", null);
        assertEquals(Optional.of("ok@guard-ok.test"), guard.login(" OK@Guard-OK.test ", "pw", "192.0.2.1"));
        assertTrue(guard.login("ok@guard-ok.test", "nope", "192.0.2.1").isEmpty());
        assertTrue(guard.login("nobody@guard-ok.test", "pw", "192.0.2.1").isEmpty());
        accounts.setEnabled("ok@guard-ok.test", false);
        assertTrue(guard.login("ok@guard-ok.test", "pw", "192.0.2.1").isEmpty(), "disabled accounts cannot log in");
    }

    /**
     * #22: before, five failures from anywhere locked the account everywhere for 15 minutes. Now
     * the lock is per (account, address): the owner from another address logs in.
     */
    @Test
    void failuresLockTheAccountOnlyFromTheirAddress() {
        domains.create("guard-account.test");
        accounts.create("target@guard-account.test", "secret", null);
        int lockAfter = POLICY.perAccountAndClient().lockAfter();
        for (int i = 0; i < lockAfter; i++) {
            assertTrue(guard.login("target@guard-account.test", "guess" + i, "198.51.100.1").isEmpty());
        }
        assertTrue(guard.login("target@guard-account.test", "secret", "198.51.100.1").isEmpty(),
                "locked from there: the right password is refused too, with the same answer");
        assertEquals(Optional.of("target@guard-account.test"), guard.login("target@guard-account.test", "secret",
                "203.0.113.9"), "the owner from an address that has not failed is not refused");
    }

    @Test
    void failureAnswersAreDelayedMoreAndMoreBeforeTheLock() {
        domains.create("guard-delay.test");
        accounts.create("slow@guard-delay.test", "secret", null);
        List<Duration> delays = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            delays.add(guard.check("slow@guard-delay.test", "guess" + i, "198.51.100.2").failureDelay());
        }
        assertEquals(List.of(Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(4), Duration.ofSeconds(8)), delays);
        assertTrue(guard.login("slow@guard-delay.test", "secret", "198.51.100.2").isEmpty(),
                "inside the delay even the right password is refused (and counted)");
    }

    @Test
    void aSuccessfulLoginResetsThePairsCount() {
        domains.create("guard-reset.test");
        accounts.create("reset@guard-reset.test", "secret", null);
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < POLICY.perAccountAndClient().delayAfter() - 1; i++) {
                guard.login("reset@guard-reset.test", "typo", "192.0.2.50");
            }
            assertTrue(guard.login("reset@guard-reset.test", "secret", "192.0.2.50").isPresent());
        }
    }

    @Test
    void oneClientAddressTryingManyAccountsIsLockedOut() {
        domains.create("guard-spray.test");
        accounts.create("real@guard-spray.test", "secret", null);
        String sprayer = "203.0.113.77";
        for (int i = 0; i < POLICY.perClient().lockAfter(); i++) {
            guard.login("user" + i + "@guard-spray.test", "Password1", sprayer);
        }
        assertTrue(guard.login("real@guard-spray.test", "secret", sprayer).isEmpty(), "the address is locked");
        assertTrue(guard.login("real@guard-spray.test", "secret", "203.0.113.78").isPresent(),
                "the account itself is not: another address logs in");
    }

    /** #22: an office behind one NAT address is not locked by a few users' typos (20 used to lock it). */
    @Test
    void aSharedAddressSurvivesTheTyposOfManyUsers() {
        domains.create("guard-nat.test");
        accounts.create("colleague@guard-nat.test", "secret", null);
        String office = "198.51.100.200";
        for (int i = 0; i < 20; i++) {
            guard.login("typo" + i + "@guard-nat.test", "typo", office);
        }
        assertTrue(guard.login("colleague@guard-nat.test", "secret", office).isPresent());
    }

    /** Many addresses guessing one account (a botnet) delay its failure answers but never lock its owner out. */
    @Test
    void failuresFromManyAddressesNeverLockTheAccount() {
        domains.create("guard-botnet.test");
        accounts.create("victim@guard-botnet.test", "secret", null);
        Duration last = Duration.ZERO;
        for (int i = 0; i < 30; i++) {
            last = guard.check("victim@guard-botnet.test", "guess", "198.51.100." + (100 + i)).failureDelay();
        }
        assertEquals(POLICY.maxDelay(), last, "the account's own count delays the answers");
        assertTrue(guard.login("victim@guard-botnet.test", "secret", "192.0.2.201").isPresent());
    }

    /** #22: the admin password had no throttle at all; now it has everyone's. */
    @Test
    void theAdminUserIsLockedOutOfOneAddressLikeAnyone() {
        for (int i = 0; i < POLICY.perAccountAndClient().lockAfter(); i++) {
            assertFalse(guard.loginAdmin("admin", "guess" + i, "198.51.100.250"));
        }
        assertFalse(guard.loginAdmin("admin", "it-admin-secret", "198.51.100.250"), "locked from there");
        assertTrue(guard.loginAdmin("admin", "it-admin-secret", "198.51.100.251"), "not from elsewhere");
    }

    @Test
    void aNameLongerThanAnyAddressFailsLikeAWrongPassword() {
        String junk = "x".repeat(2000) + "@guard-long.test";
        assertTrue(guard.login(junk, "guess", "198.51.100.240").isEmpty());
        assertFalse(guard.loginAdmin(junk, "guess", "198.51.100.240"));
    }

    @Test
    void oldCountsAreForgottenButLocksKept() {
        for (int i = 0; i < POLICY.perAccountAndClient().lockAfter(); i++) {
            guard.login("locked@guard-sweep.test", "guess", "198.51.100.230");
        }
        guard.login("once@guard-sweep.test", "guess", "198.51.100.231");
        assertTrue(locks.forgetFailuresBefore(Instant.now().plusSeconds(1)) >= 2, "the unlocked pair and address");
        assertTrue(locks.current().stream().anyMatch(l -> "locked@guard-sweep.test".equals(l.account())),
                "a lock in force is kept");
        locks.liftAccount("locked@guard-sweep.test");
        assertTrue(locks.current().stream().noneMatch(l -> "locked@guard-sweep.test".equals(l.account())));
    }

    private Optional<String> apop(String user, String timestamp, String digest, String client) {
        return guard.checkApop(user, timestamp, digest, client).account();
    }

    private static String md5Hex(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void apopNeedsTheAccountsSecretAndItsFailuresCountLikeWrongPasswords() throws Exception {
        domains.create("guard-apop.test");
        accounts.create("apop@guard-apop.test", "password", null);
        String timestamp = "<1896.697170952@dbc.mtview.ca.us>";
        assertTrue(apop("apop@guard-apop.test", timestamp, md5Hex(timestamp + "password"), "192.0.2.90").isEmpty(),
                "no APOP secret set: the password is not an APOP secret");
        accounts.setApopSecret("apop@guard-apop.test", "tanstaaf");
        // RFC 1939 section 7's example digest.
        assertEquals("c4c9334bac560ecc979e58001b3e22fb", md5Hex(timestamp + "tanstaaf"));
        assertEquals(Optional.of("apop@guard-apop.test"),
                apop("APOP@guard-apop.test", timestamp, "C4C9334BAC560ECC979E58001B3E22FB", "192.0.2.90"));
        assertTrue(apop("apop@guard-apop.test", "<other@host>", "c4c9334bac560ecc979e58001b3e22fb", "192.0.2.90")
                .isEmpty(), "the digest is bound to the timestamp");
        assertTrue(apop("nobody@guard-apop.test", timestamp, "c4c9334bac560ecc979e58001b3e22fb", "192.0.2.90")
                .isEmpty());
        for (int i = 0; i < POLICY.perAccountAndClient().lockAfter(); i++) {
            assertTrue(apop("apop@guard-apop.test", timestamp, md5Hex(timestamp + "guess" + i), "198.51.100.91")
                    .isEmpty());
        }
        assertTrue(guard.login("apop@guard-apop.test", "password", "198.51.100.91").isEmpty(),
                "APOP failures lock the account from that address for every protocol");
        accounts.removeApopSecret("apop@guard-apop.test");
    }
}
