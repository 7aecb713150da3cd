package dev.maildock.rar.api;

import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;

/**
 * One RCPT TO path (RFC 5321 section 4.1.2 Forward-path). A source route
 * ({@code <@a,@b:user@dom>}) has been dropped by the session (section 3.6.1, appendix C).
 *
 * @param localPart the local part as sent
 * @param domain    the domain, or null only for the bare {@code <postmaster>} of section 4.5.1
 */
public record ForwardPath(String localPart, String domain) implements Serializable {

    public ForwardPath {
        Objects.requireNonNull(localPart, "localPart");
        if (domain == null && !"postmaster".equalsIgnoreCase(localPart)) {
            throw new IllegalArgumentException("only postmaster may come without a domain");
        }
    }

    /** True for {@code postmaster} with or without a domain: it must always be accepted. */
    public boolean isPostmaster() {
        return "postmaster".equalsIgnoreCase(localPart);
    }

    /** {@code local@domain}, or {@code postmaster} for the domain-less form. */
    public String address() {
        return domain == null ? localPart : localPart + "@" + domain;
    }

    /** The address in lower case, the form local lookups use. */
    public String normalized() {
        return address().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "<" + address() + ">";
    }
}
