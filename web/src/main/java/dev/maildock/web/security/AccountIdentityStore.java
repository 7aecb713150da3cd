package dev.maildock.web.security;

import dev.maildock.ejb.account.LoginGuard;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;

import java.util.Optional;
import java.util.Set;

/**
 * Mailbox accounts for the webmail. Goes through {@link LoginGuard}, so a webmail login counts
 * towards (and is refused by) the same lockout as SMTP AUTH and POP3 logins.
 */
@ApplicationScoped
public class AccountIdentityStore {

    @EJB
    private LoginGuard guard;

    /** @param clientAddress the browser's IP address, the unit of the per-client lockout */
    public CredentialValidationResult validate(UsernamePasswordCredential credential, String clientAddress) {
        Optional<String> account = guard.login(credential.getCaller(), credential.getPasswordAsString(), clientAddress);
        return account.map(address -> new CredentialValidationResult(address, Set.of(Roles.USER)))
                .orElse(CredentialValidationResult.INVALID_RESULT);
    }
}
