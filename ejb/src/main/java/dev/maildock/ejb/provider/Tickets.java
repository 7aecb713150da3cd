package dev.maildock.ejb.provider;

import jakarta.enterprise.context.ApplicationScoped;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The proof a provider connection logged in: "account.MAC" with an HMAC under a key made when
 * Maildock starts. It lets the provider check the password once per connect, as SMTP AUTH does
 * once per session, while the gateway (reachable by every application on the server) trusts no
 * account name it did not issue. Tickets end with the application: a restart means reconnect.
 */
@ApplicationScoped
public class Tickets {

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    public Tickets() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        key = new SecretKeySpec(secret, ALGORITHM);
    }

    public String issue(String account) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(account.getBytes(StandardCharsets.UTF_8))
                + "." + mac(account);
    }

    /** The account a ticket names, when this server issued it. */
    public Optional<String> account(String ticket) {
        if (ticket == null) {
            return Optional.empty();
        }
        int dot = ticket.indexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        String account;
        try {
            account = new String(Base64.getUrlDecoder().decode(ticket.substring(0, dot)), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        boolean genuine = MessageDigest.isEqual(mac(account).getBytes(StandardCharsets.US_ASCII),
                ticket.substring(dot + 1).getBytes(StandardCharsets.US_ASCII));
        return genuine ? Optional.of(account) : Optional.empty();
    }

    private String mac(String account) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(account.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is a required JDK algorithm", e);
        }
    }
}
