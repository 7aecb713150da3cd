package dev.maildock.web.security;

import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The roles of the application. Authentication is {@link MaildockAuthenticationMechanism}: HTTP
 * Basic for the admin API, a form login with a session for the webmail and admin pages.
 */
@DeclareRoles({Roles.ADMIN, Roles.USER})
@ApplicationScoped
public class SecurityConfig {
}
