package dev.maildock.rar.imap;

import dev.maildock.rar.api.imap.BodyPart;
import dev.maildock.rar.api.imap.MessageStructure;

/**
 * Where a BODY[section] or BINARY[section] lies in the stored message (RFC 9051 section 6.4.5),
 * from the offsets the {@link MessageStructure} keeps: the session then reads that range, and for
 * HEADER.FIELDS[.NOT] passes the header range through {@link HeaderFilter}.
 */
public final class BodySections {

    /** Octets {@code [start, end)} of the stored message. */
    public record Range(long start, long end) {

        public long length() {
            return end - start;
        }
    }

    private BodySections() {
    }

    /**
     * The octets of {@code section}, or null when the message has no such part (the session
     * answers with an empty string, as RFC 9051 section 6.4.5 lets a server do).
     * <p>
     * HEADER, HEADER.FIELDS[.NOT] and TEXT name the message's own header and body, or, after a
     * part path, those of the message/rfc822 part's enclosed message; MIME names a part's own
     * header; a bare part path its body (for a message/rfc822 part, the whole enclosed message).
     */
    public static Range locate(MessageStructure message, SectionSpec section) {
        BodyPart top = message.body();
        int[] path = section.part();
        if (path.length == 0) {
            return switch (section.text()) {
                case ALL -> new Range(top.headerStart(), top.end());
                case HEADER, HEADER_FIELDS, HEADER_FIELDS_NOT -> new Range(top.headerStart(), top.bodyStart());
                case TEXT -> new Range(top.bodyStart(), top.end());
                case MIME -> null;
            };
        }
        BodyPart part = part(top, path);
        if (part == null) {
            return null;
        }
        return switch (section.text()) {
            case ALL -> new Range(part.bodyStart(), part.end());
            case MIME -> new Range(part.headerStart(), part.bodyStart());
            case HEADER, HEADER_FIELDS, HEADER_FIELDS_NOT -> part.message() == null ? null
                    : new Range(part.message().body().headerStart(), part.message().body().bodyStart());
            case TEXT -> part.message() == null ? null
                    : new Range(part.message().body().bodyStart(), part.message().body().end());
        };
    }

    /**
     * The part a path names: in a multipart, the n-th child; in a message/rfc822 part, the parts
     * of the enclosed message's body; the body of a message that is not multipart is its part 1.
     */
    static BodyPart part(BodyPart messageBody, int[] path) {
        BodyPart current = null;
        BodyPart container = messageBody; // the body whose parts the next number counts
        for (int number : path) {
            if (container == null) {
                return null;
            }
            if (container.multipart()) {
                if (number > container.parts().size()) {
                    return null;
                }
                current = container.parts().get(number - 1);
            } else if (number == 1) {
                current = container;
            } else {
                return null;
            }
            container = current.multipart() ? current
                    : current.message() != null ? current.message().body() : null;
        }
        return current;
    }
}
