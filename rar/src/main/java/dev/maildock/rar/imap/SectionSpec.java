package dev.maildock.rar.imap;

import java.util.Arrays;
import java.util.List;

/**
 * The section of a BODY[...] or BINARY[...] fetch (RFC 9051 section 6.4.5): a part path (empty
 * for the whole message) and what of it.
 *
 * @param part   the part numbers, e.g. {@code 1.2} as {@code [1, 2]}
 * @param fields the header field names of HEADER.FIELDS and HEADER.FIELDS.NOT, in upper case
 */
public record SectionSpec(int[] part, Text text, List<String> fields) {

    public enum Text { ALL, HEADER, HEADER_FIELDS, HEADER_FIELDS_NOT, TEXT, MIME }

    public SectionSpec {
        part = part.clone();
        fields = List.copyOf(fields);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SectionSpec spec && Arrays.equals(spec.part, part) && spec.text == text
                && spec.fields.equals(fields);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(part) * 31 + text.hashCode() * 7 + fields.hashCode();
    }

    /** As a FETCH response names it, without the brackets: e.g. {@code 1.2.HEADER.FIELDS (FROM TO)}. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (int number : part) {
            out.append(out.isEmpty() ? "" : ".").append(number);
        }
        if (text != Text.ALL) {
            out.append(out.isEmpty() ? "" : ".").append(text.name().replace('_', '.'));
        }
        if (!fields.isEmpty()) {
            out.append(" (").append(String.join(" ", fields)).append(')');
        }
        return out.toString();
    }
}
