package dev.maildock.ejb.mailbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Whether stored message octets contain a search text, case-insensitively, read as UTF-8 (what
 * mail text mostly is; decoding MIME parts is the client's job, a substring of the stored text
 * finds what people type into a search box). Streams the message in windows, so a search over a
 * folder never holds more than one window of one message.
 */
public final class TextScan {

    private static final int WINDOW = 16 * 1024;

    private TextScan() {
    }

    /** {@code needle} must already be lower case (Locale.ROOT) and not empty. */
    static boolean contains(InputStream message, String needle) throws IOException {
        return !containing(message, Set.of(needle)).isEmpty();
    }

    /**
     * Which of {@code needles} (lower case, Locale.ROOT, not empty) the rest of the stream contains:
     * one pass for several search texts (an IMAP SEARCH with more than one BODY or TEXT key).
     */
    public static Set<String> containing(InputStream message, Set<String> needles) throws IOException {
        return containing(new InputStreamReader(message, StandardCharsets.UTF_8), needles);
    }

    /** {@link #containing(InputStream, Set)} for text already decoded (a MIME body in its charset). */
    public static Set<String> containing(Reader text, Set<String> needles) throws IOException {
        Set<String> found = new HashSet<>();
        int longest = needles.stream().mapToInt(String::length).max().orElse(0);
        char[] window = new char[WINDOW];
        String carry = "";
        for (int n; found.size() < needles.size() && (n = text.read(window)) != -1; ) {
            String lower = carry + new String(window, 0, n).toLowerCase(Locale.ROOT);
            for (String needle : needles) {
                if (lower.contains(needle)) {
                    found.add(needle);
                }
            }
            // A match across two windows starts in the last needle-length-1 characters.
            carry = lower.substring(Math.max(0, lower.length() - (longest - 1)));
        }
        return found;
    }
}
