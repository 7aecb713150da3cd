package dev.maildock.rar.api;

import java.io.Serializable;
import java.util.Objects;

/**
 * What an SMTP session knows about its client at the time of a listener call.
 *
 * @param client            the peer as seen on the socket; {@code client.tls()} is the current TLS state
 * @param sessionId         the id the session writes in its Received header and logs
 * @param helo              the name the client gave in HELO/EHLO
 * @param esmtp             whether the client greeted with EHLO
 * @param authenticatedUser the identity AUTH established, or null for an anonymous session
 */
public record SessionInfo(ClientInfo client, String sessionId, String helo, boolean esmtp, String authenticatedUser)
        implements Serializable {

    public SessionInfo {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(sessionId, "sessionId");
    }

    public boolean authenticated() {
        return authenticatedUser != null;
    }

    /** Submission listeners (587, 465) serve mail clients, not other MTAs. */
    public boolean submission() {
        return !"smtp".equals(client.service());
    }
}
