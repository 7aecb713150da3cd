package dev.maildock.ejb.common;

import java.net.IDN;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checks and normalises mailbox addresses and domain names as the admin interfaces accept them:
 * RFC 5321 dot-atom local parts (quoted local parts are accepted on the wire, not for accounts)
 * and LDH domain names, stored in lower case.
 */
public final class Addresses {

    private static final Pattern LOCAL_PART =
            Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private Addresses() {
    }

    /** A domain name in lower-case ASCII (IDN to punycode), or InvalidInputException. */
    public static String domain(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field, "is required");
        }
        String ascii;
        try {
            ascii = IDN.toASCII(value.trim(), IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field, "is not a valid domain name");
        }
        if (ascii.endsWith(".")) {
            ascii = ascii.substring(0, ascii.length() - 1);
        }
        if (ascii.length() > 253 || !ascii.contains(".")) {
            throw new InvalidInputException(field, "is not a valid domain name");
        }
        for (String label : ascii.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                throw new InvalidInputException(field, "is not a valid domain name");
            }
        }
        return ascii;
    }

    /** A mailbox address local@domain with the domain normalised, or InvalidInputException. */
    public static String mailbox(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field, "is required");
        }
        String trimmed = value.trim();
        int at = trimmed.lastIndexOf('@');
        if (at <= 0 || at == trimmed.length() - 1) {
            throw new InvalidInputException(field, "is not a valid email address");
        }
        String local = trimmed.substring(0, at);
        if (local.length() > 64 || !LOCAL_PART.matcher(local).matches()) {
            throw new InvalidInputException(field, "is not a valid email address");
        }
        String domain;
        try {
            domain = domain(field, trimmed.substring(at + 1));
        } catch (InvalidInputException e) {
            throw new InvalidInputException(field, "is not a valid email address");
        }
        return local.toLowerCase(Locale.ROOT) + "@" + domain;
    }

    public static String domainOf(String mailbox) {
        return mailbox.substring(mailbox.lastIndexOf('@') + 1);
    }
}
