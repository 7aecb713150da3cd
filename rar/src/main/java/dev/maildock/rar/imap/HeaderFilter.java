package dev.maildock.rar.imap;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * BODY[HEADER.FIELDS (...)] and BODY[HEADER.FIELDS.NOT (...)] (RFC 9051 section 6.4.5): the
 * header fields whose names are (not) in the list, each with its continuation lines, in the
 * message's order, then the blank line. A pure function of the header octets.
 */
public final class HeaderFilter {

    private HeaderFilter() {
    }

    /**
     * @param header the header octets (the blank line after them may be included)
     * @param names  the field names, in any case
     * @param not    HEADER.FIELDS.NOT: keep the fields not named
     */
    public static byte[] select(byte[] header, List<String> names, boolean not) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(header.length, 1024));
        int at = 0;
        while (at < header.length && !blankLine(header, at)) {
            int fieldEnd = lineEnd(header, at);
            while (fieldEnd < header.length && (header[fieldEnd] == ' ' || header[fieldEnd] == '\t')) {
                fieldEnd = lineEnd(header, fieldEnd); // a folded continuation belongs to the field
            }
            if (named(header, at, fieldEnd, names) != not) {
                out.write(header, at, fieldEnd - at);
                if (header[fieldEnd - 1] != '\n') {
                    out.write('\r'); // the last field of a header cut without its line end
                    out.write('\n');
                }
            }
            at = fieldEnd;
        }
        out.write('\r');
        out.write('\n');
        return out.toByteArray();
    }

    private static boolean blankLine(byte[] header, int at) {
        return header[at] == '\n' || (header[at] == '\r' && at + 1 < header.length && header[at + 1] == '\n');
    }

    /** The index after the LF ending the line at {@code at}, or the end. */
    private static int lineEnd(byte[] header, int at) {
        for (int i = at; i < header.length; i++) {
            if (header[i] == '\n') {
                return i + 1;
            }
        }
        return header.length;
    }

    private static boolean named(byte[] header, int start, int end, List<String> names) {
        int colon = start;
        while (colon < end && header[colon] != ':') {
            colon++;
        }
        int nameEnd = colon;
        while (nameEnd > start && (header[nameEnd - 1] == ' ' || header[nameEnd - 1] == '\t')) {
            nameEnd--;
        }
        if (colon == end) {
            return false; // not a field: never selected by name
        }
        for (String name : names) {
            if (name.length() == nameEnd - start && sameIgnoringCase(header, start, name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean sameIgnoringCase(byte[] header, int start, String name) {
        for (int i = 0; i < name.length(); i++) {
            int a = header[start + i] & 0xff;
            int b = name.charAt(i);
            if (a != b && Character.toUpperCase(a) != Character.toUpperCase(b)) {
                return false;
            }
        }
        return true;
    }
}
