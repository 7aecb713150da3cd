package dev.maildock.ejb;

import dev.maildock.ejb.account.AccountService;
import dev.maildock.ejb.account.DomainService;
import dev.maildock.ejb.account.LoginGuard;
import dev.maildock.ejb.account.LoginPolicy;
import jakarta.ejb.EJB;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lockout every protocol shares: per account and per client address, in the database. */
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

    @Test
    void repeatedFailuresLockTheAccountEvenForTheRightPasswordAndFromElsewhere() {
        domains.create("guard-account.test");
        accounts.create("target@guard-account.test", "secret", null);
        for (int i = 0; i < POLICY.maxFailuresPerAccount(); i++) {
            assertTrue(guard.login("target@guard-account.test", "guess" + i, "198.51.100." + i).isEmpty());
        }
        assertTrue(guard.login("target@guard-account.test", "secret", "203.0.113.9").isEmpty(),
                "locked: the right password is refused too, with the same answer");
    }

    @Test
    void aSuccessfulLoginResetsTheAccountsCount() {
        domains.create("guard-reset.test");
        accounts.create("reset@guard-reset.test", "secret", null);
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < POLICY.maxFailuresPerAccount() - 1; i++) {
                guard.login("reset@guard-reset.test", "typo", "192.0.2.50");
            }
            assertTrue(guard.login("reset@guard-reset.test", "secret", "192.0.2." + (60 + round)).isPresent());
        }
    }

    @Test
    void oneClientAddressTryingManyAccountsIsLockedOut() {
        domains.create("guard-spray.test");
        accounts.create("real@guard-spray.test", "secret", null);
        String sprayer = "203.0.113.77";
        for (int i = 0; i < POLICY.maxFailuresPerClient(); i++) {
            guard.login("user" + i + "@guard-spray.test", "Password1", sprayer);
        }
        assertTrue(guard.login("real@guard-spray.test", "secret", sprayer).isEmpty(), "the address is locked");
        assertTrue(guard.login("real@guard-spray.test", "secret", "203.0.113.78").isPresent(),
                "the account itself is not: another address logs in");
    }
}
