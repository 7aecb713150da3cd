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

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
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

    private static String md5Hex(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void apopNeedsTheAccountsSecretAndItsFailuresCountLikeWrongPasswords() throws Exception {
        domains.create("guard-apop.test");
        accounts.create("apop@guard-apop.test", "password", null);
        String timestamp = "<1896.697170952@dbc.mtview.ca.us>";
        assertTrue(guard.loginApop("apop@guard-apop.test", timestamp, md5Hex(timestamp + "password"), "192.0.2.90").isEmpty(),
                "no APOP secret set: the password is not an APOP secret");
        accounts.setApopSecret("apop@guard-apop.test", "tanstaaf");
        // RFC 1939 section 7's example digest.
        assertEquals("c4c9334bac560ecc979e58001b3e22fb", md5Hex(timestamp + "tanstaaf"));
        assertEquals(Optional.of("apop@guard-apop.test"),
                guard.loginApop("APOP@guard-apop.test", timestamp, "C4C9334BAC560ECC979E58001B3E22FB", "192.0.2.90"));
        assertTrue(guard.loginApop("apop@guard-apop.test", "<other@host>", "c4c9334bac560ecc979e58001b3e22fb", "192.0.2.90")
                .isEmpty(), "the digest is bound to the timestamp");
        assertTrue(guard.loginApop("nobody@guard-apop.test", timestamp, "c4c9334bac560ecc979e58001b3e22fb", "192.0.2.90")
                .isEmpty());
        for (int i = 1; i < POLICY.maxFailuresPerAccount(); i++) {
            assertTrue(guard.loginApop("apop@guard-apop.test", timestamp, md5Hex(timestamp + "guess" + i), "198.51.100.9" + i)
                    .isEmpty());
        }
        assertTrue(guard.login("apop@guard-apop.test", "password", "203.0.113.90").isEmpty(),
                "APOP failures lock the account for every protocol");
        accounts.removeApopSecret("apop@guard-apop.test");
    }
}
