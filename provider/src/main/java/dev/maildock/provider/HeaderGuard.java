package dev.maildock.provider;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import java.util.Enumeration;

/**
 * Refuses header injection: a header value the application composed with a CR or LF that is not a
 * fold (CRLF followed by a space or tab) would start a header field of its own, e.g. a Bcc the
 * user never saw. Angus folds what setSubject and the address setters produce; setHeader and
 * addHeader store values as given, so the check runs on the final header lines.
 */
final class HeaderGuard {

    private HeaderGuard() {
    }

    static void check(MimeMessage message) throws MessagingException {
        Enumeration<String> lines = message.getAllHeaderLines();
        while (lines.hasMoreElements()) {
            String line = lines.nextElement();
            int bad = firstBadBreak(line);
            if (bad >= 0) {
                int colon = line.indexOf(':');
                String name = colon > 0 && colon < bad ? line.substring(0, colon) : "(unnamed)";
                throw new MessagingException("header " + name + " contains a line break (CR or LF) that is not a"
                        + " folding line break followed by a space or tab; refused as header injection");
            }
        }
    }

    /** Index of the first CR or LF that does not start a CRLF + WSP fold, or -1. */
    static int firstBadBreak(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\n') {
                return i;
            }
            if (c == '\r') {
                boolean fold = i + 2 < line.length() && line.charAt(i + 1) == '\n'
                        && (line.charAt(i + 2) == ' ' || line.charAt(i + 2) == '\t');
                if (!fold) {
                    return i;
                }
                i += 2;
            }
        }
        return -1;
    }
}
