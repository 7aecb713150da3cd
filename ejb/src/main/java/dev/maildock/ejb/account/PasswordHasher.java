package dev.maildock.ejb.account;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Password hashing through Jakarta Security's PBKDF2 (HMAC-SHA256). The stored form names its own
 * parameters, so raising the iteration count later keeps old hashes verifiable.
 */
@ApplicationScoped
public class PasswordHasher {

    /** Below OWASP's 600k for SHA-256: a client's first login of a while pays it in full. */
    private static final String ITERATIONS = "100000";

    /** How long a verified password is remembered: longer than any client's polling interval. */
    static final long REMEMBER_NANOS = 10L * 60 * 1_000_000_000L;
    /** Bounds the memory of verifications; past it, they are forgotten and computed again. */
    static final int MAX_REMEMBERED = 10_000;

    /**
     * Successful verifications, like Dovecot's auth cache: a mail client logs in with the same
     * password on every POP3 poll and SMTP submission, and PBKDF2 is made to be slow (tens of
     * milliseconds of CPU each). Keyed by an HMAC, under a key made at start and never stored, of
     * the stored hash and the password: the map holds no password, and a changed password (a new
     * stored hash) misses. Failures are never remembered, so every wrong guess costs the full
     * PBKDF2 and counts towards the lockout; a disabled account is refused by the caller, which
     * reads the account on every login.
     */
    private final Map<String, Long> verified = new ConcurrentHashMap<>();
    private final SecretKeySpec verifiedKey = newKey();

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
        if (storedHash == null) {
            pbkdf2.verify(password.toCharArray(), decoy()); // the same cost as a real account
            return false;
        }
        String key = verifiedKey(password, storedHash);
        Long until = verified.get(key);
        long now = System.nanoTime();
        if (until != null && now - until < 0) {
            return true;
        }
        boolean match = pbkdf2.verify(password.toCharArray(), storedHash);
        if (match) {
            if (verified.size() >= MAX_REMEMBERED) {
                verified.clear();
            }
            verified.put(key, now + REMEMBER_NANOS);
        } else {
            verified.remove(key);
        }
        return match;
    }

    private String verifiedKey(String password, String storedHash) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(verifiedKey);
            mac.update(storedHash.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return Base64.getEncoder().encodeToString(
                    mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static SecretKeySpec newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new SecretKeySpec(key, "HmacSHA256");
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
