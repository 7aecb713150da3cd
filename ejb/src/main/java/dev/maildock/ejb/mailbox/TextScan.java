package dev.maildock.ejb.mailbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Whether stored message octets contain a search text, case-insensitively, read as UTF-8 (what
 * mail text mostly is; decoding MIME parts is the client's job, a substring of the stored text
 * finds what people type into a search box). Streams the message in windows, so a search over a
 * folder never holds more than one window of one message.
 */
final class TextScan {

    private static final int WINDOW = 16 * 1024;

    private TextScan() {
    }

    /** {@code needle} must already be lower case (Locale.ROOT) and not empty. */
    static boolean contains(InputStream message, String needle) throws IOException {
        Reader text = new InputStreamReader(message, StandardCharsets.UTF_8);
        char[] window = new char[WINDOW];
        String carry = "";
        for (int n; (n = text.read(window)) != -1; ) {
            String lower = carry + new String(window, 0, n).toLowerCase(Locale.ROOT);
            if (lower.contains(needle)) {
                return true;
            }
            // A match across two windows starts in the last needle-length-1 characters.
            carry = lower.substring(Math.max(0, lower.length() - (needle.length() - 1)));
        }
        return false;
    }
}
