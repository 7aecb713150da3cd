package dev.maildock.ejb.mailbox.structure;

import dev.maildock.rar.api.imap.BodyPart;
import dev.maildock.rar.api.imap.BodyPart.Disposition;
import dev.maildock.rar.api.imap.BodyPart.Parameter;
import dev.maildock.rar.api.imap.EnvelopeFields;
import dev.maildock.rar.api.imap.MessageStructure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A stored message's MIME structure (RFC 2045, 2046) with the exact octet range of every part's
 * header and body, read in one pass over a stream: each line is read once and only header fields
 * are kept, so a 25 MiB message never sits in memory. Header fields are parsed by mime4j
 * ({@link HeaderFields}, {@link MimeParameters}, {@link EnvelopeReader}); the boundary scan is
 * here because mime4j's parsers do not tell where a part lies in the octets.
 *
 * <p>Hostile mail is bounded: nesting deeper than {@link #MAX_DEPTH}, parts beyond
 * {@link #MAX_PARTS} and header fields beyond their budgets are not parsed: such a multipart or
 * message is one opaque {@code application/octet-stream} part, as is a multipart without parts.
 * No input makes the parser throw; only a failing stream does.
 */
public final class StructureParser {

    static final int MAX_DEPTH = 100;
    static final int MAX_PARTS = 10_000;
    /** Octets of header fields kept for one part, and for the whole message. */
    static final int PART_HEADER_BUDGET = 64 * 1024;
    static final int MESSAGE_HEADER_BUDGET = 1024 * 1024;
    /** RFC 2046 allows 70; longer ones are still taken up to this, beyond it the multipart is opaque. */
    static final int MAX_BOUNDARY = 998;

    private static final List<Parameter> DEFAULT_TEXT_PARAMETERS = List.of(new Parameter("charset", "us-ascii"));

    private final LineScanner lines;
    /** The delimiters ("--" boundary) of the enclosing multiparts, innermost last. */
    private final List<byte[]> delimiters = new ArrayList<>();
    private int parts;
    private int headerBudget = MESSAGE_HEADER_BUDGET;

    private StructureParser(InputStream in) {
        this.lines = new LineScanner(in);
    }

    /** The structure of the message in {@code in} (its stored octets, read to the end). */
    public static MessageStructure parse(InputStream in) throws IOException {
        return new StructureParser(in).message(0, 0);
    }

    private MessageStructure message(long headerStart, int depth) throws IOException {
        Head head = head(headerStart, true);
        BodyPart body = body(head, headerStart, depth, false);
        return new MessageStructure(EnvelopeReader.read(head.fields), body);
    }

    /**
     * Reads a part's header up to the empty line, or a boundary (whose line end before it is the
     * boundary's, as after a body), or the end; in the last two cases the body is empty.
     */
    private Head head(long headerStart, boolean messageHead) throws IOException {
        parts++;
        HeaderFields fields = new HeaderFields(messageHead, Math.min(PART_HEADER_BUDGET, headerBudget));
        while (lines.next()) {
            if (lines.contentLength() == 0 && lines.eol() > 0) {
                return spent(new Head(fields, lines.end(), lines.lineEnds()));
            }
            if (boundaryAt() >= 0) {
                lines.pushBack();
                long end = lines.start() - lines.previousEol();
                return spent(end >= headerStart && lines.previousEol() > 0
                        ? new Head(fields, end, lines.linesBefore() - 1)
                        : new Head(fields, lines.start(), lines.linesBefore()));
            }
            fields.line(lines.kept(), lines.keptLength());
        }
        return spent(new Head(fields, lines.end(), lines.lineEnds()));
    }

    private Head spent(Head head) {
        headerBudget -= Math.min(PART_HEADER_BUDGET, headerBudget) - head.fields.budgetLeft();
        return head;
    }

    private BodyPart body(Head head, long headerStart, int depth, boolean inDigest) throws IOException {
        HeaderFields fields = head.fields;
        Content content = Content.of(fields.get("content-type"), inDigest);
        String encoding = token(fields.get("content-transfer-encoding"), "7bit");
        List<BodyPart> children = List.of();
        MessageStructure message = null;
        boolean deeper = depth < MAX_DEPTH && parts < MAX_PARTS;
        if (content.type.equals("multipart")) {
            String boundary = content.parameters.get("boundary");
            if (deeper && boundary != null && !boundary.isEmpty() && boundary.length() <= MAX_BOUNDARY) {
                children = multipart(("--" + boundary).getBytes(StandardCharsets.UTF_8), depth,
                        content.subtype.equals("digest"));
            }
            if (children.isEmpty()) {
                content = Content.OPAQUE;
            }
        } else if (content.isMessage()) {
            // Parsed whatever its Content-Transfer-Encoding (only 7bit, 8bit and binary are
            // allowed, RFC 2046 5.2.1), as Dovecot does: BODYSTRUCTURE has no form for a
            // message/rfc822 without its envelope and structure.
            if (deeper) {
                message = message(head.bodyStart, depth + 1);
            } else {
                content = Content.OPAQUE;
            }
        }
        long[] end = skipToEnd(head.bodyStart, head.linesAtBodyStart);
        // An empty last part right before an enclosing boundary starts after the line end that
        // boundary takes: the body then ends with it, so that the part lies inside.
        if (!children.isEmpty()) {
            end[0] = Math.max(end[0], children.get(children.size() - 1).end());
        } else if (message != null) {
            end[0] = Math.max(end[0], message.body().end());
        }
        boolean counted = content.type.equals("text") || message != null;
        MimeParameters disposition = parsed("Content-Disposition", fields.get("content-disposition"));
        return new BodyPart(content.type, content.subtype, content.parameters.parameters(),
                trimmed(fields.get("content-id")), fields.get("content-description"), encoding,
                end[0] - head.bodyStart, counted ? end[1] : -1, trimmed(fields.get("content-md5")),
                disposition == null || disposition.value().isBlank() ? null
                        : new Disposition(disposition.value().strip(), disposition.parameters()),
                languages(fields.get("content-language")), trimmed(fields.get("content-location")), children, message,
                headerStart, head.bodyStart, end[0]);
    }

    /**
     * The body parts of a multipart: the preamble is skipped, each delimiter line starts a part,
     * the close delimiter ends them. An enclosing boundary or the end of the octets ends a
     * truncated multipart early; parts beyond {@link #MAX_PARTS} are passed over unparsed.
     */
    private List<BodyPart> multipart(byte[] delimiter, int depth, boolean digest) throws IOException {
        List<BodyPart> children = new ArrayList<>();
        delimiters.add(delimiter);
        try {
            while (lines.next()) {
                int at = boundaryAt();
                if (at < 0) {
                    continue; // preamble, or what follows a part past the limit
                }
                if (at != delimiters.size() - 1) {
                    lines.pushBack(); // an enclosing multipart's boundary: this one was cut short
                    break;
                }
                if (lines.dashesAt(delimiter.length)) {
                    break; // the close delimiter; the epilogue belongs to this body, not to a part
                }
                if (parts < MAX_PARTS) {
                    long headerStart = lines.end();
                    children.add(body(head(headerStart, false), headerStart, depth + 1, digest));
                }
            }
        } finally {
            delimiters.remove(delimiters.size() - 1);
        }
        return children;
    }

    /**
     * Reads the rest of a body, up to a boundary line (left for the multipart it belongs to) or
     * the end. The line end before a boundary belongs to the boundary (RFC 2046 section 5.1.1).
     *
     * @return the body's end offset and its lines: the LFs in it, as Dovecot counts them (a last
     *         line without one does not count)
     */
    private long[] skipToEnd(long bodyStart, long linesAtBodyStart) throws IOException {
        while (lines.next()) {
            if (boundaryAt() >= 0) {
                lines.pushBack();
                long end = lines.start() - lines.previousEol();
                if (lines.previousEol() == 0 || end < bodyStart) {
                    return new long[] {bodyStart, 0};
                }
                return new long[] {end, lines.linesBefore() - 1 - linesAtBodyStart};
            }
        }
        return new long[] {lines.end(), lines.lineEnds() - linesAtBodyStart};
    }

    /** Which enclosing delimiter the current line starts with, innermost first: its index, or -1. */
    private int boundaryAt() {
        if (delimiters.isEmpty() || !lines.dashesAt(0)) {
            return -1;
        }
        for (int i = delimiters.size() - 1; i >= 0; i--) {
            if (lines.startsWith(delimiters.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static MimeParameters parsed(String name, String body) {
        return body == null ? null : MimeParameters.parse(name, body);
    }

    private static String trimmed(String value) {
        if (value == null) {
            return null;
        }
        String stripped = value.strip();
        return stripped.isEmpty() ? null : stripped;
    }

    private static String token(String value, String absent) {
        String stripped = trimmed(value);
        return stripped == null ? absent : stripped.toLowerCase(Locale.ROOT);
    }

    private static List<String> languages(String value) {
        List<String> tags = new ArrayList<>();
        if (value != null) {
            for (String tag : value.split(",")) {
                if (!tag.isBlank()) {
                    tags.add(tag.strip());
                }
            }
        }
        return tags;
    }

    private record Head(HeaderFields fields, long bodyStart, long linesAtBodyStart) {
    }

    /** A part's media type and parameters, with RFC 2045's defaults. */
    private record Content(String type, String subtype, MimeParameters parameters) {

        static final Content OPAQUE = new Content("application", "octet-stream", new MimeParameters("", List.of()));
        /** RFC 2045 section 5.2: no Content-Type, or one that cannot be read. */
        static final Content DEFAULT = new Content("text", "plain", new MimeParameters("", DEFAULT_TEXT_PARAMETERS));
        /** RFC 2046 section 5.1.5: the default in a multipart/digest. */
        static final Content DIGEST_DEFAULT = new Content("message", "rfc822", new MimeParameters("", List.of()));

        static Content of(String field, boolean inDigest) {
            if (field == null) {
                return inDigest ? DIGEST_DEFAULT : DEFAULT;
            }
            MimeParameters parsed = MimeParameters.parse("Content-Type", field);
            String value = parsed.value() == null ? "" : parsed.value();
            int slash = value.indexOf('/');
            String type = slash < 0 ? "" : value.substring(0, slash).strip().toLowerCase(Locale.ROOT);
            String subtype = slash < 0 ? "" : value.substring(slash + 1).strip().toLowerCase(Locale.ROOT);
            if (type.isEmpty() || subtype.isEmpty()) {
                return DEFAULT;
            }
            if (type.equals("text") && parsed.get("charset") == null) {
                // RFC 2046 section 4.1.2's default, which Dovecot shows too
                List<Parameter> withCharset = new ArrayList<>(parsed.parameters());
                withCharset.addAll(DEFAULT_TEXT_PARAMETERS);
                parsed = new MimeParameters(parsed.value(), withCharset);
            }
            return new Content(type, subtype, parsed);
        }

        boolean isMessage() {
            return type.equals("message") && (subtype.equals("rfc822") || subtype.equals("global"));
        }
    }
}
