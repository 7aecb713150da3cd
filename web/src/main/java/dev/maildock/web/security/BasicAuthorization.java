package dev.maildock.web.security;

import jakarta.security.enterprise.credential.UsernamePasswordCredential;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * An {@code Authorization} header of the Basic scheme (RFC 7617): {@code Basic} and the base64 of
 * {@code user:password}. Every such header is read here, malformed ones included, because Liberty's
 * own Basic handling, reached when the mechanism passes a request on, fails with a 500 and a stack
 * trace on a header it cannot decode.
 */
record BasicAuthorization(Optional<UsernamePasswordCredential> credential) {

    private static final String SCHEME = "Basic";

    /** The header read as Basic credentials; empty when there is none or it is of another scheme. */
    static Optional<BasicAuthorization> of(String header) {
        if (header == null || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
                || header.length() > SCHEME.length() && header.charAt(SCHEME.length()) != ' ') {
            return Optional.empty();
        }
        return Optional.of(new BasicAuthorization(decode(header.substring(SCHEME.length()).trim())));
    }

    /** Whether the header was of the Basic scheme but not base64 of {@code user:password}. */
    boolean malformed() {
        return credential.isEmpty();
    }

    private static Optional<UsernamePasswordCredential> decode(String token) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        return Optional.of(new UsernamePasswordCredential(decoded.substring(0, colon), decoded.substring(colon + 1)));
    }
}
