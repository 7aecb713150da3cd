package dev.maildock.rar.imap;

import dev.maildock.rar.api.imap.BodyPart;
import dev.maildock.rar.api.imap.EnvelopeFields;
import dev.maildock.rar.api.imap.MailAddress;

import java.util.List;
import java.util.Locale;

/**
 * ENVELOPE, BODYSTRUCTURE and BODY of RFC 9051 section 7.5.2 from the stored
 * {@code MessageStructure}. Media types, subtypes, encodings and
 * parameter names are written in upper case, as the RFC's examples have them.
 */
public final class StructureWriter {

    private StructureWriter() {
    }

    /** ENVELOPE: Sender and Reply-To default to From when the message has none (section 7.5.2). */
    public static void envelope(ImapWriter out, EnvelopeFields envelope) {
        out.raw('(').nstring(envelope.date()).sp().nstring(envelope.subject()).sp();
        addresses(out, envelope.from());
        out.sp();
        addresses(out, envelope.sender().isEmpty() ? envelope.from() : envelope.sender());
        out.sp();
        addresses(out, envelope.replyTo().isEmpty() ? envelope.from() : envelope.replyTo());
        out.sp();
        addresses(out, envelope.to());
        out.sp();
        addresses(out, envelope.cc());
        out.sp();
        addresses(out, envelope.bcc());
        out.sp().nstring(envelope.inReplyTo()).sp().nstring(envelope.messageId()).raw(')');
    }

    private static void addresses(ImapWriter out, List<MailAddress> addresses) {
        if (addresses.isEmpty()) {
            out.nil();
            return;
        }
        out.raw('(');
        for (MailAddress address : addresses) {
            out.raw('(').nstring(address.name()).sp().nstring(address.route()).sp().nstring(address.mailbox()).sp()
                    .nstring(address.host()).raw(')');
        }
        out.raw(')');
    }

    /**
     * BODYSTRUCTURE ({@code extended}) or BODY (without extension data).
     */
    public static void body(ImapWriter out, BodyPart part, boolean extended) {
        out.raw('(');
        if (part.multipart()) {
            multipart(out, part, extended);
        } else {
            singlePart(out, part, extended);
        }
        out.raw(')');
    }

    private static void multipart(ImapWriter out, BodyPart part, boolean extended) {
        if (part.parts().isEmpty()) {
            // A multipart needs one body at least (section 9); an empty one shows an empty text part.
            out.raw("(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 0 0)");
        }
        for (BodyPart child : part.parts()) {
            body(out, child, extended);
        }
        out.sp().string(upper(part.subtype()));
        if (extended) {
            out.sp();
            parameters(out, part.parameters());
            out.sp();
            extensions(out, part);
        }
    }

    private static void singlePart(ImapWriter out, BodyPart part, boolean extended) {
        out.string(upper(part.type())).sp().string(upper(part.subtype())).sp();
        parameters(out, part.parameters());
        out.sp().nstring(part.id()).sp().nstring(part.description()).sp()
                .string(part.encoding() == null ? "7BIT" : upper(part.encoding())).sp().number(part.size());
        if (part.message() != null) {
            out.sp();
            envelope(out, part.message().envelope());
            out.sp();
            body(out, part.message().body(), extended);
            out.sp().number(Math.max(0, part.lines()));
        } else if (part.type().equals("text")) {
            out.sp().number(Math.max(0, part.lines()));
        }
        if (extended) {
            out.sp().nstring(part.md5()).sp();
            extensions(out, part);
        }
    }

    /** body-fld-dsp SP body-fld-lang SP body-fld-loc. */
    private static void extensions(ImapWriter out, BodyPart part) {
        BodyPart.Disposition disposition = part.disposition();
        if (disposition == null) {
            out.nil();
        } else {
            out.raw('(').string(upper(disposition.type())).sp();
            parameters(out, disposition.parameters());
            out.raw(')');
        }
        out.sp();
        List<String> language = part.language();
        if (language.isEmpty()) {
            out.nil();
        } else if (language.size() == 1) {
            out.string(language.get(0));
        } else {
            out.raw('(');
            for (int i = 0; i < language.size(); i++) {
                if (i > 0) {
                    out.sp();
                }
                out.string(language.get(i));
            }
            out.raw(')');
        }
        out.sp().nstring(part.location());
    }

    private static void parameters(ImapWriter out, List<BodyPart.Parameter> parameters) {
        if (parameters.isEmpty()) {
            out.nil();
            return;
        }
        out.raw('(');
        for (int i = 0; i < parameters.size(); i++) {
            if (i > 0) {
                out.sp();
            }
            out.string(upper(parameters.get(i).name())).sp().string(parameters.get(i).value());
        }
        out.raw(')');
    }

    private static String upper(String value) {
        return value.toUpperCase(Locale.ROOT);
    }
}
