package dev.maildock.ejb.mailbox.structure;

import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.stream.RawField;
import org.apache.james.mime4j.stream.RawFieldParser;
import org.apache.james.mime4j.util.ByteArrayBuffer;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The header fields of one MIME part that ENVELOPE and BODYSTRUCTURE need, collected line by line
 * as the scanner passes them (folded lines joined) and split into name and unfolded body by
 * mime4j. Only those fields are kept, the first of each name, and at most {@code budget} octets
 * of them: a part with a huge or endless header costs no more.
 */
final class HeaderFields {

    static final Set<String> CONTENT = Set.of("content-type", "content-transfer-encoding", "content-id",
            "content-description", "content-md5", "content-disposition", "content-language", "content-location");
    static final Set<String> ENVELOPE = Set.of("date", "subject", "from", "sender", "reply-to", "to", "cc", "bcc",
            "in-reply-to", "message-id");

    private final boolean messageHead;
    private final Map<String, String> bodies = new HashMap<>();
    private ByteArrayBuffer field;
    private int budget;

    /**
     * @param messageHead whether this is a message's header (top level or message/rfc822), whose
     *                    envelope fields are kept as well
     */
    HeaderFields(boolean messageHead, int budget) {
        this.messageHead = messageHead;
        this.budget = budget;
    }

    /** Takes one header line (without its line end). */
    void line(byte[] octets, int length) {
        boolean continuation = length > 0 && (octets[0] == ' ' || octets[0] == '\t');
        if (continuation) {
            if (field != null && take(length + 2)) {
                field.append('\r');
                field.append('\n');
                field.append(octets, 0, length);
            }
            return;
        }
        finishField();
        String name = nameOf(octets, length);
        if (name != null && (CONTENT.contains(name) || messageHead && ENVELOPE.contains(name))
                && !bodies.containsKey(name) && take(length)) {
            field = new ByteArrayBuffer(length + 64);
            field.append(octets, 0, length);
        }
    }

    /** The unfolded body of the first field of this (lower-case) name, or null. */
    String get(String name) {
        finishField();
        return bodies.get(name);
    }

    /** Octets of the budget left. */
    int budgetLeft() {
        return budget;
    }

    private boolean take(int octets) {
        if (octets > budget) {
            budget = 0;
            return false;
        }
        budget -= octets;
        return true;
    }

    private void finishField() {
        if (field == null) {
            return;
        }
        try {
            RawField raw = RawFieldParser.DEFAULT.parseField(field);
            bodies.putIfAbsent(raw.getName().toLowerCase(Locale.ROOT), raw.getBody());
        } catch (MimeException e) {
            // not a field after all: as if absent, like any field a parser cannot read
        } finally {
            field = null;
        }
    }

    /** The field name before the colon, lower case, or null when the line is no field. */
    private static String nameOf(byte[] octets, int length) {
        for (int i = 0; i < length; i++) {
            byte b = octets[i];
            if (b == ':') {
                int end = i;
                while (end > 0 && (octets[end - 1] == ' ' || octets[end - 1] == '\t')) {
                    end--;
                }
                return end == 0 ? null : new String(octets, 0, end, StandardCharsets.ISO_8859_1)
                        .toLowerCase(Locale.ROOT);
            }
            if (b <= ' ' || b >= 127) {
                return null;
            }
        }
        return null;
    }
}
