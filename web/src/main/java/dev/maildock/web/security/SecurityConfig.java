package dev.maildock.web.security;

import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.authentication.mechanism.http.BasicAuthenticationMechanismDefinition;

/**
 * HTTP Basic for the admin API. (The webmail's form login, a later step, will sit beside it behind
 * a mechanism that picks by path.)
 */
@BasicAuthenticationMechanismDefinition(realmName = "Maildock admin")
@DeclareRoles({AdminIdentityStore.ADMIN_ROLE})
@ApplicationScoped
public class SecurityConfig {
}
