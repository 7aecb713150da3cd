package dev.maildock.ejb.imap;

import dev.maildock.ejb.common.InvalidInputException;
import dev.maildock.ejb.mailbox.FolderRole;
import dev.maildock.ejb.mailbox.FolderService;

import java.util.ArrayList;
import java.util.List;

/**
 * IMAP mailbox names as folder names: {@code /} is the hierarchy delimiter, {@code INBOX} in any
 * case is the inbox (also as the first level of a name, RFC 9051 section 5.1), other names are
 * case-sensitive.
 */
final class MailboxNames {

    static final char DELIMITER = '/';

    private static final String INBOX = FolderRole.INBOX.defaultName();

    private MailboxNames() {
    }

    /** The folder name an IMAP name refers to: INBOX in upper case, a trailing delimiter dropped. */
    static String folderName(String name) {
        String trimmed = name.length() > 1 && name.charAt(name.length() - 1) == DELIMITER
                ? name.substring(0, name.length() - 1) : name;
        int first = trimmed.indexOf(DELIMITER);
        String head = first < 0 ? trimmed : trimmed.substring(0, first);
        return head.equalsIgnoreCase(INBOX) ? INBOX + trimmed.substring(head.length()) : trimmed;
    }

    static boolean isInbox(String folderName) {
        return INBOX.equals(folderName);
    }

    /**
     * Whether a folder may be created with this name (as {@link #folderName} gives it): the
     * folder rules of {@link FolderService} (not a standard folder's name in another case), no
     * empty level, and none of LIST's wildcards.
     */
    static boolean creatable(String folderName) {
        if (folderName.indexOf('*') >= 0 || folderName.indexOf('%') >= 0) {
            return false;
        }
        for (String level : folderName.split(String.valueOf(DELIMITER), -1)) {
            if (level.isEmpty()) {
                return false;
            }
        }
        try {
            FolderService.checkName(folderName);
            return true;
        } catch (InvalidInputException e) {
            return false;
        }
    }

    /** The superior names of {@code name}, outermost first: {@code a, a/b} for {@code a/b/c}. */
    static List<String> superiors(String name) {
        List<String> superiors = new ArrayList<>();
        for (int at = name.indexOf(DELIMITER); at > 0; at = name.indexOf(DELIMITER, at + 1)) {
            superiors.add(name.substring(0, at));
        }
        return superiors;
    }

    /** A LIKE pattern for the inferiors of {@code name}, with {@code \} as escape character. */
    static String inferiorsPattern(String name) {
        return name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + DELIMITER + "%";
    }
}
