package dev.maildock.ejb.admin;

import dev.maildock.ejb.account.PasswordHasher;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.security.SecureRandom;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The credentials of the built-in {@code admin} user. The password comes from the server variable
 * maildock.admin.password; when that is empty, one is generated on first start, its hash stored and
 * the password logged once.
 */
@Stateless
public class AdminCredentialService {

    public static final String ADMIN_USER = "admin";
    static final String HASH_SETTING = "admin.passwordHash";

    private static final Logger LOG = Logger.getLogger(AdminCredentialService.class.getName());
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    @PersistenceContext(unitName = "maildock")
    private EntityManager em;

    @Inject
    private PasswordHasher hasher;

    /**
     * Makes the stored hash match the configured password, or generates one if none is set or
     * stored.
     *
     * @return the generated password, when one was generated (it is also logged, once)
     */
    public Optional<String> ensurePassword(String configured) {
        Optional<Setting> stored = Optional.ofNullable(em.find(Setting.class, HASH_SETTING));
        if (!configured.isEmpty()) {
            if (stored.isEmpty()) {
                em.persist(new Setting(HASH_SETTING, hasher.hash(configured)));
            } else if (!hasher.verify(configured, stored.get().getValue())) {
                stored.get().setValue(hasher.hash(configured));
            }
            return Optional.empty();
        }
        if (stored.isEmpty()) {
            String generated = generate();
            em.persist(new Setting(HASH_SETTING, hasher.hash(generated)));
            LOG.warning("MAILDOCK0201W: No maildock.admin.password is set; generated the admin password " + generated
                    + " . It is shown only this once; set maildock.admin.password to choose one.");
            return Optional.of(generated);
        }
        return Optional.empty();
    }

    public boolean verify(String user, String password) {
        Setting stored = em.find(Setting.class, HASH_SETTING);
        boolean match = hasher.verify(password == null ? "" : password, stored == null ? null : stored.getValue());
        return match && ADMIN_USER.equals(user);
    }

    private static String generate() {
        SecureRandom random = new SecureRandom();
        StringBuilder sb = new StringBuilder(20);
        for (int i = 0; i < 20; i++) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
