package dev.maildock.rar.smtp;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * The server side of one SASL exchange for SMTP AUTH (RFC 4954) and IMAP AUTHENTICATE (RFC 9051
 * section 6.2.2) with the PLAIN (RFC 4616) and LOGIN
 * (draft-murchison-sasl-login) mechanisms. It only decodes; the platform checks the credentials.
 */
public final class SaslExchange {

    public enum Mechanism { PLAIN, LOGIN }

    /** What the session does next. */
    public sealed interface Step {
    }

    /** Send {@code 334 <challenge>} and wait for the next line. */
    public record Challenge(String base64) implements Step {
    }

    public record Credentials(Mechanism mechanism, String user, String password) implements Step {
    }

    /** The client sent "*" (RFC 4954 section 4). */
    public record Cancelled() implements Step {
    }

    /** Well-formed but not acceptable (acting as another identity): counts as a failed login. */
    public record Refused() implements Step {
    }

    /** Not base64, or not the mechanism's format. */
    public record Malformed() implements Step {
    }

    // The LOGIN mechanism's customary prompts, "Username:" and "Password:" in base64.
    private static final String LOGIN_USER_PROMPT = "VXNlcm5hbWU6";
    private static final String LOGIN_PASSWORD_PROMPT = "UGFzc3dvcmQ6";

    private final Mechanism mechanism;
    private String user;

    public SaslExchange(Mechanism mechanism) {
        this.mechanism = mechanism;
    }

    public static Optional<Mechanism> mechanism(String name) {
        try {
            return Optional.of(Mechanism.valueOf(name.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** @param initialResponse the optional second argument of AUTH, or null */
    public Step start(String initialResponse) {
        if (initialResponse == null) {
            return mechanism == Mechanism.PLAIN ? new Challenge("") : new Challenge(LOGIN_USER_PROMPT);
        }
        return respond(initialResponse);
    }

    /** A client line during the exchange. */
    public Step respond(String line) {
        if (line.equals("*")) {
            return new Cancelled();
        }
        byte[] decoded;
        try {
            // RFC 4954 section 4: "=" is an empty initial response.
            decoded = line.equals("=") ? new byte[0] : Base64.getDecoder().decode(line);
        } catch (IllegalArgumentException e) {
            return new Malformed();
        }
        String text = new String(decoded, StandardCharsets.UTF_8);
        return mechanism == Mechanism.PLAIN ? plain(text) : login(text);
    }

    /** authzid NUL authcid NUL passwd; acting as another identity (authzid) is not supported. */
    private Step plain(String text) {
        String[] parts = text.split("\0", -1);
        if (parts.length != 3 || parts[1].isEmpty()) {
            return new Malformed();
        }
        if (!parts[0].isEmpty() && !parts[0].equalsIgnoreCase(parts[1])) {
            return new Refused();
        }
        return new Credentials(mechanism, parts[1], parts[2]);
    }

    private Step login(String text) {
        if (user == null) {
            user = text;
            return new Challenge(LOGIN_PASSWORD_PROMPT);
        }
        return new Credentials(mechanism, user, text);
    }
}
