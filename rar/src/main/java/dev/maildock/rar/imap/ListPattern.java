package dev.maildock.rar.imap;

/**
 * A LIST or LSUB pattern (RFC 9051 section 6.3.9): the reference and the mailbox argument joined
 * as they are, {@code *} matching anything and {@code %} anything but the hierarchy delimiter.
 * {@code INBOX} is case-insensitive, in names and in patterns, as the first level of a name.
 */
final class ListPattern {

    static final char DELIMITER = '/';
    private static final String INBOX = "INBOX";

    private final char[] pattern;

    ListPattern(String reference, String mailbox) {
        this.pattern = canonical(reference + mailbox).toCharArray();
    }

    /** {@code %} last: the levels it matches are listed even when they are no mailboxes. */
    boolean endsWithPercent() {
        return pattern.length > 0 && pattern[pattern.length - 1] == '%';
    }

    /**
     * Whether the canonical {@code name} matches: dynamic programming over the name, one pass per
     * pattern character, so a pattern of many {@code *} cannot make it backtrack exponentially.
     */
    boolean matches(String name) {
        int length = name.length();
        boolean[] matched = new boolean[length + 1]; // matched[i]: the pattern so far matches name[0, i)
        matched[0] = true;
        for (char wanted : pattern) {
            if (wanted == '*' || wanted == '%') {
                for (int i = 1; i <= length; i++) {
                    matched[i] |= matched[i - 1] && (wanted == '*' || name.charAt(i - 1) != DELIMITER);
                }
            } else {
                for (int i = length; i >= 1; i--) {
                    matched[i] = matched[i - 1] && name.charAt(i - 1) == wanted;
                }
                matched[0] = false;
            }
        }
        return matched[length];
    }

    /** {@code inbox} and {@code Inbox/Sub} as {@code INBOX} and {@code INBOX/Sub}; other names as they are. */
    static String canonical(String name) {
        int end = name.indexOf(DELIMITER);
        int first = end < 0 ? name.length() : end;
        if (first == INBOX.length() && name.regionMatches(true, 0, INBOX, 0, first)) {
            return INBOX + name.substring(first);
        }
        return name;
    }

    /** The superior of a name ({@code a/b} for {@code a/b/c}), or null at the top. */
    static String parent(String name) {
        int at = name.lastIndexOf(DELIMITER);
        return at <= 0 ? null : name.substring(0, at);
    }
}
