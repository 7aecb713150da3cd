package dev.maildock.web.security;

import dev.maildock.web.ui.Ui;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.SecurityContext;
import jakarta.security.enterprise.authentication.mechanism.http.AuthenticationParameters;
import jakarta.security.enterprise.credential.Password;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import java.util.Map;

/**
 * The sign-in form (login.xhtml) and sign-out. The credential goes to
 * {@link MaildockAuthenticationMechanism} through {@link SecurityContext#authenticate}; the answer
 * to a wrong password, an unknown user, a disabled or a locked account is the same.
 */
@Named("login")
@RequestScoped
public class LoginPage {

    @Inject
    private SecurityContext security;

    private String username;
    private String password;

    /** A signed-in visitor of the login page goes straight on. */
    public void redirectIfSignedIn() {
        if (!FacesContext.getCurrentInstance().isPostback() && security.getCallerPrincipal() != null) {
            home();
        }
    }

    /**
     * Reached over plain HTTP from another host: the session cookie is {@code Secure}
     * ({@code maildock.web.httpsOnly}), which a browser keeps over plain HTTP only from its own
     * host, so a sign-in here would not stick (and the password would cross the network in clear).
     */
    public boolean isUnencryptedFromAfar() {
        HttpServletRequest request = (HttpServletRequest) FacesContext.getCurrentInstance().getExternalContext().getRequest();
        return !request.isSecure() && !request.getRemoteAddr().equals(request.getLocalAddr());
    }

    public void signIn() {
        FacesContext fc = FacesContext.getCurrentInstance();
        ExternalContext ec = fc.getExternalContext();
        if (username == null || username.isBlank()) {
            Ui.error("login:username", "error.required");
            return;
        }
        AuthenticationStatus status = security.authenticate((HttpServletRequest) ec.getRequest(),
                (HttpServletResponse) ec.getResponse(),
                AuthenticationParameters.withParams().newAuthentication(true)
                        .credential(new UsernamePasswordCredential(username, new Password(password == null ? "" : password))));
        if (status == AuthenticationStatus.SUCCESS) {
            home();
        } else if (!fc.getResponseComplete()) {
            Ui.error("login:password", "error.login");
        }
    }

    private void home() {
        Ui.redirect(security.isCallerInRole(Roles.ADMIN) ? "/admin/index.xhtml" : "/mail/index.xhtml", Map.of());
    }

    public void signOut() throws ServletException {
        ExternalContext ec = FacesContext.getCurrentInstance().getExternalContext();
        HttpServletRequest request = (HttpServletRequest) ec.getRequest();
        request.logout();
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        Ui.redirect("/login.xhtml", Map.of("out", "1"));
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }
}
