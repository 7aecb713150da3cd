package dev.maildock.web.security;

import dev.maildock.ejb.account.AccountService;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;

/**
 * The application's one authentication mechanism (Jakarta Security allows one per application),
 * split by path:
 * <ul>
 * <li>{@code /api/*}: HTTP Basic as {@code admin}, checked on every request and never remembered
 * in a session, so a changed admin password takes effect at once for scripts.</li>
 * <li>everything else: a form login. The login page hands the credential over through
 * {@code SecurityContext.authenticate}; {@code admin} is checked by {@link AdminIdentityStore},
 * everyone else by {@link AccountIdentityStore} (the shared lockout). Success is kept in the HTTP
 * session under a new session id (no fixation); a protected page without it redirects to the
 * login page.</li>
 * <li>a mailbox account's session also carries a stamp of the account (see {@link SignedIn}),
 * compared on every request: disabling the account or resetting its password ends the session at
 * the next request, which lands on the login page saying why.</li>
 * <li>any request, on any path, with a malformed {@code Authorization: Basic} header: a 401
 * challenge from {@link MalformedBasicFilter}, counted in {@link #malformedBasicHeaders()} and not
 * logged (a client can send a thousand a second; docs/decisions.md, "Hostile HTTP requests").</li>
 * </ul>
 */
@ApplicationScoped
public class MaildockAuthenticationMechanism implements HttpAuthenticationMechanism {

    private static final Logger LOG = Logger.getLogger(MaildockAuthenticationMechanism.class.getName());
    static final String LOGIN_PAGE = "/login.xhtml";
    static final String CHALLENGE = "Basic realm=\"Maildock admin\"";

    @Inject
    private AdminIdentityStore admin;

    @Inject
    private AccountIdentityStore accounts;

    @EJB
    private AccountService accountService;

    private final LongAdder malformedBasicHeaders = new LongAdder();

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                HttpMessageContext context) {
        Optional<BasicAuthorization> basic = BasicAuthorization.of(request.getHeader("Authorization"));
        if (basic.isPresent() && basic.get().malformed()) {
            malformedBasicHeaders.increment();
            return passOnMalformed(request, context);
        }
        if (request.getServletPath().startsWith("/api")) {
            return basic.isPresent()
                    ? basic(basic.get().credential().orElseThrow(), request.getRemoteAddr(), context)
                    : challengeIfProtected(context);
        }
        Credential credential = context.getAuthParameters().getCredential();
        if (credential instanceof UsernamePasswordCredential login) {
            return formLogin(request, context, login);
        }
        HttpSession session = request.getSession(false);
        if (session != null && session.getAttribute(SignedIn.SESSION_ATTRIBUTE) instanceof SignedIn in) {
            // Checked for protected resources only: style sheets and images of a page would
            // otherwise repeat the look-up its page request just made.
            String ended = context.isProtected() ? ended(in) : null;
            if (ended == null) {
                return context.notifyContainerAboutLogin(in.caller(), in.groups());
            }
            session.invalidate();
            LOG.info(() -> "MAILDOCK0902I: Webmail session of " + in.caller() + " ended: account " + ended);
            return context.redirect(request.getContextPath() + LOGIN_PAGE + "?ended=" + ended);
        }
        if (context.isProtected()) {
            return context.redirect(request.getContextPath() + LOGIN_PAGE);
        }
        return context.doNothing();
    }

    /**
     * Lets a request with a malformed Basic header go on unauthenticated, marked for
     * {@link MalformedBasicFilter}, which answers it 401. Any other answer (SEND_CONTINUE,
     * SEND_FAILURE) has Liberty 26.0.0.3 decode the header again for its audit record, fail, and log
     * a stack trace; it does so when the auth type is BASIC, which it assumes for any answer but a
     * success and, on a success, unless the MessageInfo names another. "Not mandatory" keeps
     * Liberty from turning the unauthenticated success on a protected path into a failure;
     * authorization still refuses it. Both keys are Jakarta Authentication's.
     */
    private static AuthenticationStatus passOnMalformed(HttpServletRequest request, HttpMessageContext context) {
        request.setAttribute(MalformedBasicFilter.MARK, Boolean.TRUE);
        Map<String, Object> info = context.getMessageInfo().getMap();
        info.put("jakarta.security.auth.message.MessagePolicy.isMandatory", "false");
        info.put("jakarta.servlet.http.authType", "MALFORMED-BASIC");
        return context.doNothing();
    }

    /**
     * Why an account's session may no longer go on ("disabled": disabled or deleted; "password":
     * reset since sign-in), or null. Asked of the database on every request, so it holds on every
     * server sharing it and at once: one look-up by the unique address.
     */
    private String ended(SignedIn in) {
        if (in.stamp() == null) {
            return null;
        }
        Optional<String> now = accountService.sessionStamp(in.caller());
        if (now.isEmpty()) {
            return "disabled";
        }
        return now.get().equals(in.stamp()) ? null : "password";
    }

    @Override
    public void cleanSubject(HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        HttpAuthenticationMechanism.super.cleanSubject(request, response, context);
    }

    private AuthenticationStatus formLogin(HttpServletRequest request, HttpMessageContext context,
                                           UsernamePasswordCredential login) {
        String caller = login.getCaller() == null ? "" : login.getCaller().trim();
        UsernamePasswordCredential trimmed = new UsernamePasswordCredential(caller, login.getPassword());
        CredentialValidationResult result = admin.handles(caller)
                ? admin.validate(trimmed, request.getRemoteAddr())
                : accounts.validate(trimmed, request.getRemoteAddr());
        if (result.getStatus() != CredentialValidationResult.Status.VALID) {
            LOG.fine(() -> "MAILDOCK0901I: Failed webmail login for " + caller + " from " + request.getRemoteAddr());
            return AuthenticationStatus.SEND_FAILURE;
        }
        // A new session id at login, so an id planted before it is worth nothing (fixation).
        if (request.getSession(false) != null) {
            request.changeSessionId();
        }
        String name = result.getCallerPrincipal().getName();
        String stamp = result.getCallerGroups().contains(Roles.USER)
                ? accountService.sessionStamp(name).orElse(null) : null;
        request.getSession(true).setAttribute(SignedIn.SESSION_ATTRIBUTE,
                new SignedIn(name, result.getCallerGroups(), stamp));
        return context.notifyContainerAboutLogin(result);
    }

    private AuthenticationStatus basic(UsernamePasswordCredential credential, String clientAddress,
                                       HttpMessageContext context) {
        CredentialValidationResult result = admin.validate(credential, clientAddress);
        if (result.getStatus() == CredentialValidationResult.Status.VALID) {
            return context.notifyContainerAboutLogin(result);
        }
        return challenge(context);
    }

    private static AuthenticationStatus challengeIfProtected(HttpMessageContext context) {
        return context.isProtected() ? challenge(context) : context.doNothing();
    }

    /** How many requests came with a malformed Basic header since the application started (not logged one by one). */
    public long malformedBasicHeaders() {
        return malformedBasicHeaders.sum();
    }

    private static AuthenticationStatus challenge(HttpMessageContext context) {
        context.getResponse().setHeader("WWW-Authenticate", CHALLENGE);
        return context.responseUnauthorized();
    }
}
