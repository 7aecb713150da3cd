package dev.maildock.rar.pop3;

import java.util.ArrayList;
import java.util.List;

/**
 * The CAPA list (RFC 2449 section 6), computed from the session's state rather than fixed: SASL
 * PLAIN only once the connection is encrypted and USER only where maildock.auth.plaintext allows it
 * (so no client is invited to send a password in clear), STLS only while it can still be used
 * (RFC 2595 section 4), and the login capabilities only before login.
 */
final class Capabilities {

    private Capabilities() {
    }

    static List<String> of(Pop3State state, boolean tls, boolean stlsAvailable, boolean userPassAllowed) {
        List<String> capabilities = new ArrayList<>();
        boolean authorization = state == Pop3State.AUTHORIZATION;
        if (authorization && userPassAllowed) {
            capabilities.add("USER");
        }
        capabilities.add("TOP");
        capabilities.add("UIDL");
        capabilities.add("PIPELINING");
        capabilities.add("RESP-CODES");
        capabilities.add("AUTH-RESP-CODE");
        if (authorization && tls) {
            capabilities.add("SASL PLAIN");
        }
        if (authorization && stlsAvailable && !tls) {
            capabilities.add("STLS");
        }
        capabilities.add("EXPIRE NEVER");
        capabilities.add("IMPLEMENTATION Maildock");
        return capabilities;
    }
}
