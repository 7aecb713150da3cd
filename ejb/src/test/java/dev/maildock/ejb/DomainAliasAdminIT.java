package dev.maildock.ejb;

import dev.maildock.ejb.account.AccountService;
import dev.maildock.ejb.account.AliasService;
import dev.maildock.ejb.account.AliasView;
import dev.maildock.ejb.account.DomainService;
import dev.maildock.ejb.account.DomainView;
import dev.maildock.ejb.admin.AdminCredentialService;
import dev.maildock.ejb.common.ConflictException;
import dev.maildock.ejb.common.InvalidInputException;
import dev.maildock.ejb.common.NotFoundException;
import jakarta.ejb.EJB;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(ArquillianExtension.class)
class DomainAliasAdminIT {

    @Deployment
    static WebArchive deployment() {
        return Deployments.services("domain-alias-it");
    }

    @EJB
    private DomainService domains;
    @EJB
    private AccountService accounts;
    @EJB
    private AliasService aliases;
    @EJB
    private AdminCredentialService admin;
    @EJB
    private StoreProbe probe;

    @Test
    void domainsFromTheServerVariableExistAfterStart() {
        assertTrue(domains.list().stream().map(DomainView::name).toList().contains("it.test"));
        assertTrue(domains.isLocal("IT.test"));
    }

    @Test
    void domainNamesAreValidatedNormalisedAndUnique() {
        assertEquals("mixed.example.test", domains.create("Mixed.Example.TEST.").name());
        assertThrows(ConflictException.class, () -> domains.create("mixed.example.test"));
        for (String bad : List.of("", "nodot", "-lead.test", "under_score.test", "a..b.test")) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> domains.create(bad), bad);
            assertEquals("name", e.getField());
        }
        assertThrows(NotFoundException.class, () -> domains.delete("never.test"));
    }

    @Test
    void aDomainInUseCannotBeDeleted() {
        domains.create("busy.test");
        accounts.create("x@busy.test", "pw", null);
        assertThrows(ConflictException.class, () -> domains.delete("busy.test"));
        accounts.delete("x@busy.test");
        domains.delete("busy.test");
        assertFalse(domains.isLocal("busy.test"));
    }

    @Test
    void aliasesPointAtAddressesAndCannotShadowAccounts() {
        domains.create("alias.test");
        accounts.create("alice@alias.test", "pw", null);
        accounts.create("bob@alias.test", "pw", null);
        AliasView sales = aliases.create("Sales@alias.test", List.of("alice@alias.test", "Bob@alias.test"));
        assertEquals("sales@alias.test", sales.address());
        assertEquals(List.of("alice@alias.test", "bob@alias.test"), aliases.get("sales@alias.test").targets());
        InvalidInputException remote = assertThrows(InvalidInputException.class,
                () -> aliases.create("partners@alias.test", List.of("alice@alias.test", "ext@partner.example")));
        assertEquals("targets", remote.getField());
        assertTrue(remote.getMessage().contains("ext@partner.example"), remote.getMessage());

        assertThrows(ConflictException.class, () -> aliases.create("sales@alias.test", List.of("alice@alias.test")));
        assertThrows(ConflictException.class, () -> aliases.create("alice@alias.test", List.of("x@alias.test")));
        assertThrows(ConflictException.class, () -> accounts.create("sales@alias.test", "pw", null));
        assertEquals("targets", assertThrows(InvalidInputException.class,
                () -> aliases.create("empty@alias.test", List.of())).getField());
        assertEquals("targets", assertThrows(InvalidInputException.class,
                () -> aliases.create("bad@alias.test", List.of("not-an-address"))).getField());
        assertEquals("address", assertThrows(InvalidInputException.class,
                () -> aliases.create("x@foreign.example", List.of("alice@alias.test"))).getField());

        aliases.delete("sales@alias.test");
        assertThrows(NotFoundException.class, () -> aliases.get("sales@alias.test"));
    }

    @Test
    void adminPasswordFromTheServerVariableIsTheOnlyOneAccepted() {
        assertTrue(admin.verify("admin", "it-admin-secret"));
        assertFalse(admin.verify("admin", "wrong"));
        assertFalse(admin.verify("root", "it-admin-secret"));
        assertFalse(admin.verify("admin", null));
    }

    @Test
    void withoutAConfiguredPasswordOneIsGeneratedOnceAndKept() {
        probe.removeSetting("admin.passwordHash");
        String generated = admin.ensurePassword("").orElseThrow();
        assertTrue(generated.length() >= 20, "a strong random password");
        assertTrue(admin.verify("admin", generated));
        assertFalse(admin.verify("admin", "it-admin-secret"));

        assertTrue(admin.ensurePassword("").isEmpty(), "the next start keeps the stored password");
        assertTrue(admin.verify("admin", generated));

        admin.ensurePassword("it-admin-secret");
        assertTrue(admin.verify("admin", "it-admin-secret"), "a configured password replaces it");
        assertFalse(admin.verify("admin", generated));
    }
}
