package dev.maildock.web.security;

import dev.maildock.ejb.account.LoginGuard;
import dev.maildock.ejb.admin.AdminCredentialService;
import dev.maildock.ejb.common.TransientFailures;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;

import java.util.Set;

/**
 * Validates the built-in admin user against the stored admin password hash, through the lockout
 * every login shares ({@link LoginGuard}): failures are counted per client address and delay, then
 * lock, further attempts from there.
 */
@ApplicationScoped
public class AdminIdentityStore implements IdentityStore {

    public static final String ADMIN_ROLE = Roles.ADMIN;

    @EJB
    private LoginGuard guard;

    /** @param clientAddress the client's IP address, the unit of the lockout */
    public CredentialValidationResult validate(UsernamePasswordCredential credential, String clientAddress) {
        // Retried: concurrent first failures from one address race to create its counter rows, and
        // the loser's transaction rolls back (a guesser sends many at once).
        if (TransientFailures.retry(() -> guard.loginAdmin(credential.getCaller(), credential.getPasswordAsString(),
                clientAddress))) {
            return new CredentialValidationResult(credential.getCaller(), Set.of(ADMIN_ROLE));
        }
        return CredentialValidationResult.INVALID_RESULT;
    }

    /** Whether this store is the one that knows {@code caller}. */
    public boolean handles(String caller) {
        return AdminCredentialService.ADMIN_USER.equals(caller);
    }
}
