package dev.maildock.provider;

import dev.maildock.provider.spi.GatewayException;
import dev.maildock.provider.spi.MaildockGateway;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A connected Store's or Transport's line to Maildock: the gateway bean and the ticket its login
 * returned. Every failure leaves here as a MessagingException: a refusal with Maildock's reason,
 * and anything else (Maildock stopped, undeployed, failing) as "Maildock is not available".
 */
final class Link {

    private static final Logger LOG = Logger.getLogger(Link.class.getName());

    /** Session property naming another JNDI name for the gateway (e.g. a renamed Maildock EAR). */
    static final String GATEWAY_PROPERTY = "mail.maildock.gateway";

    @FunctionalInterface
    interface Call<T> {
        T run(MaildockGateway gateway, String ticket) throws GatewayException;
    }

    private final MaildockGateway gateway;
    private final String ticket;

    private Link(MaildockGateway gateway, String ticket) {
        this.gateway = gateway;
        this.ticket = ticket;
    }

    /**
     * Logs in as Service.connect asks; null (not connected) without a user or password, so that
     * Service.connect asks the session's Authenticator and tries again.
     */
    static Link open(Session session, String user, String password) throws MessagingException {
        if (user == null || password == null) {
            return null;
        }
        MaildockGateway gateway = find(session);
        String client = "local:" + applicationName();
        try {
            return new Link(gateway, gateway.login(user, password, client));
        } catch (GatewayException e) {
            throw translate(e);
        } catch (RuntimeException e) {
            throw unavailable(e);
        }
    }

    <T> T call(Call<T> call) throws MessagingException {
        try {
            return raw(call);
        } catch (GatewayException e) {
            throw translate(e);
        }
    }

    /** The call with Maildock's refusal as it is, for callers that map some reasons themselves. */
    <T> T raw(Call<T> call) throws GatewayException, MessagingException {
        try {
            return call.run(gateway, ticket);
        } catch (RuntimeException e) {
            throw unavailable(e);
        }
    }

    static MessagingException translate(GatewayException e) {
        if (e.reason() == GatewayException.Reason.AUTHENTICATION_FAILED) {
            return new AuthenticationFailedException(e.getMessage());
        }
        return new MessagingException(e.getMessage(), e);
    }

    private static MaildockGateway find(Session session) throws MessagingException {
        String name = session.getProperty(GATEWAY_PROPERTY);
        String jndiName = name == null || name.isBlank() ? MaildockGateway.JNDI_NAME : name.trim();
        Object found;
        try {
            found = new InitialContext().lookup(jndiName);
        } catch (NamingException | RuntimeException e) {
            throw new MessagingException("Maildock is not available: nothing is bound at " + jndiName
                    + " (is the maildock application installed and started on this server?)", e);
        }
        if (found instanceof MaildockGateway gateway) {
            return gateway;
        }
        // Two copies of the provider jar (say one inside the application) make two MaildockGateway
        // classes: say so instead of failing later with a ClassCastException.
        throw new MessagingException("Maildock is not available: " + jndiName + " holds a "
                + (found == null ? "null" : found.getClass().getName()) + " that is not this provider's "
                + MaildockGateway.class.getName() + "; the application must use the maildockProvider shared library,"
                + " not a copy of the provider jar of its own");
    }

    private static MessagingException unavailable(RuntimeException e) {
        LOG.log(Level.FINE, "MAILDOCK0701I: a call to Maildock failed", e);
        return new MessagingException("Maildock is not available or failed to complete the request ("
                + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                + "); is the maildock application started?", e);
    }

    /** The calling application's name, so one application's failed logins do not lock out another's. */
    private static String applicationName() {
        try {
            Object name = new InitialContext().lookup("java:app/AppName");
            return name == null ? "unknown" : name.toString();
        } catch (NamingException | RuntimeException e) {
            return "unknown";
        }
    }
}
