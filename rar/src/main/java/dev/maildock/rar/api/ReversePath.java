package dev.maildock.rar.api;

import java.io.Serializable;

/**
 * The MAIL FROM path (RFC 5321 section 4.1.2 Reverse-path): a mailbox, or the null path {@code <>}
 * that bounces and other notifications use. A source route in it has been dropped already.
 *
 * @param localPart the local part as sent (quoted local parts keep their quotes); null for {@code <>}
 * @param domain    the domain or address literal as sent; null for {@code <>}
 */
public record ReversePath(String localPart, String domain) implements Serializable {

    public static final ReversePath NULL = new ReversePath(null, null);

    public ReversePath {
        if ((localPart == null) != (domain == null)) {
            throw new IllegalArgumentException("a reverse path is either null or local@domain");
        }
    }

    public boolean isNull() {
        return localPart == null;
    }

    /** {@code local@domain}, or the empty string for the null path. */
    public String address() {
        return isNull() ? "" : localPart + "@" + domain;
    }

    @Override
    public String toString() {
        return "<" + address() + ">";
    }
}
