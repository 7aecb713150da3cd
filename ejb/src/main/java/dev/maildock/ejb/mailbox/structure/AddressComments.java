package dev.maildock.ejb.mailbox.structure;

import java.util.ArrayList;
import java.util.List;

/**
 * The comments of an address list that mime4j's parser drops, read from its raw text: an address
 * without a display name takes its comment as the name ({@code user@domain (Real Name)}, as Dovecot
 * reads it). The list is split at the commas between its addresses, which are outside quotes,
 * comments, angle brackets and groups.
 */
final class AddressComments {

    private AddressComments() {
    }

    /**
     * For each address of the list (a mailbox or a whole group) in order, its last comment outside
     * quotes and angle brackets (inner text, quoted-pairs undone, trimmed) or null; entries with
     * nothing but spaces and comments are left out, as the parser leaves them out.
     */
    static List<String> of(String body) {
        List<String> comments = new ArrayList<>();
        StringBuilder comment = null;
        String last = null;
        boolean content = false;
        boolean quoted = false;
        boolean angle = false;
        boolean group = false;
        int depth = 0;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (depth > 0) {
                if (c == '\\' && i + 1 < body.length()) {
                    c = body.charAt(++i);
                } else if (c == '(') {
                    depth++;
                } else if (c == ')' && --depth == 0) {
                    if (comment != null) {
                        last = comment.toString().trim();
                        comment = null;
                    }
                    continue;
                }
                if (comment != null) {
                    comment.append(c);
                }
            } else if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '(') {
                depth = 1;
                comment = angle ? null : new StringBuilder();
            } else if (c == ',' && !angle && !group) {
                if (content) {
                    comments.add(nameOrNull(last));
                }
                last = null;
                content = false;
            } else if (c > ' ') {
                content = true;
                quoted = c == '"';
                if (c == '<' || c == '>') {
                    angle = c == '<';
                } else if (!angle && (c == ':' || c == ';')) {
                    group = c == ':';
                }
            }
        }
        if (content) {
            comments.add(nameOrNull(last));
        }
        return comments;
    }

    private static String nameOrNull(String comment) {
        return comment == null || comment.isEmpty() ? null : comment;
    }
}
