package dev.maildock.ejb.account;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;

import java.util.Map;

/**
 * Password hashing through Jakarta Security's PBKDF2 (HMAC-SHA256). The stored form names its own
 * parameters, so raising the iteration count later keeps old hashes verifiable.
 */
@ApplicationScoped
public class PasswordHasher {

    /** Below OWASP's 600k for SHA-256: protocol logins hash on every session; revisit with a cache. */
    private static final String ITERATIONS = "100000";

    @Inject
    private Pbkdf2PasswordHash pbkdf2;

    /**
     * Verified against when the account does not exist, so both paths cost the same. Made on first
     * need rather than at start-up, where a PBKDF2 run would delay the server being ready.
     */
    private volatile String decoy;

    @PostConstruct
    void init() {
        pbkdf2.initialize(Map.of(
                "Pbkdf2PasswordHash.Algorithm", "PBKDF2WithHmacSHA256",
                "Pbkdf2PasswordHash.Iterations", ITERATIONS,
                "Pbkdf2PasswordHash.SaltSizeBytes", "16",
                "Pbkdf2PasswordHash.KeySizeBytes", "32"));
    }

    public String hash(String password) {
        return pbkdf2.generate(password.toCharArray());
    }

    public boolean verify(String password, String storedHash) {
        return pbkdf2.verify(password.toCharArray(), storedHash == null ? decoy() : storedHash) && storedHash != null;
    }

    private String decoy() {
        String d = decoy;
        if (d == null) {
            d = pbkdf2.generate("decoy-password".toCharArray());
            decoy = d;
        }
        return d;
    }
}
