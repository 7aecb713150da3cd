package dev.maildock.rar.api.imap;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * One MIME part (RFC 2045/2046) with the fields of an extended BODYSTRUCTURE (RFC 9051 section
 * 7.5.2) and its place in the stored octets. Offsets count from the first octet of the stored
 * message: the part's header is {@code [headerStart, bodyStart)}, its body {@code [bodyStart, end)}
 * (for the top-level part, the message's header and body).
 *
 * @param type        lower-case media type, e.g. {@code text}; {@code text/plain} when none was given
 * @param parameters  Content-Type parameters in order (a multipart's {@code boundary} included)
 * @param size        octets of the body as stored (still transfer-encoded)
 * @param lines       lines of the body for {@code text/*} and {@code message/rfc822}, else -1
 * @param parts       the sub-parts of a multipart, else empty
 * @param message     for {@code message/rfc822} (and {@code message/global}): the enclosed message, else null
 */
public record BodyPart(String type, String subtype, List<Parameter> parameters, String id, String description,
        String encoding, long size, long lines, String md5, Disposition disposition, List<String> language,
        String location, List<BodyPart> parts, MessageStructure message, long headerStart, long bodyStart,
        long end) implements Serializable {

    public BodyPart {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(subtype, "subtype");
        parameters = List.copyOf(parameters);
        language = List.copyOf(language);
        parts = List.copyOf(parts);
    }

    public boolean multipart() {
        return type.equals("multipart");
    }

    /** A parameter of Content-Type or Content-Disposition; the value decoded (RFC 2231 joined). */
    public record Parameter(String name, String value) implements Serializable {
    }

    /** Content-Disposition (RFC 2183). */
    public record Disposition(String type, List<Parameter> parameters) implements Serializable {
        public Disposition {
            parameters = List.copyOf(parameters);
        }
    }
}
