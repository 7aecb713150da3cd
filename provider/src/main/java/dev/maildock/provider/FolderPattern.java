package dev.maildock.provider;

import java.util.regex.Pattern;

/** Folder.list patterns as IMAP LIST defines them: '*' matches anything, '%' anything but the separator. */
final class FolderPattern {

    private FolderPattern() {
    }

    static boolean matches(String pattern, String name, char separator) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '*') {
                regex.append(".*");
            } else if (c == '%') {
                regex.append("[^").append(Pattern.quote(String.valueOf(separator))).append("]*");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString()).matcher(name).matches();
    }
}
