package dev.maildock.rar.pop3;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The SASL PLAIN message (RFC 4616): [authzid] NUL authcid NUL passwd, base64-encoded on the wire.
 *
 * @param authorizationId the identity to act as; empty when the same as the login
 * @param user            the authentication identity
 * @param password        the password
 */
record SaslPlain(String authorizationId, String user, String password) {

    /** Decodes one client response; null when it is not valid base64 or not a PLAIN message. */
    static SaslPlain decode(String base64) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
        String message = new String(raw, StandardCharsets.UTF_8);
        String[] parts = message.split("\0", -1);
        if (parts.length != 3 || parts[1].isEmpty() || parts[2].isEmpty()) {
            return null;
        }
        return new SaslPlain(parts[0], parts[1], parts[2]);
    }

    /** This server lets nobody act as someone else: the authzid must be absent or the user itself. */
    boolean actsAsSelf() {
        return authorizationId.isEmpty() || authorizationId.equals(user);
    }

    @Override
    public String toString() {
        // Never let a password reach a log through a record's generated toString.
        return "SaslPlain[user=" + user + "]";
    }
}
