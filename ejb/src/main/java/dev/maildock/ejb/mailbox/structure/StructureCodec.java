package dev.maildock.ejb.mailbox.structure;

import dev.maildock.rar.api.imap.BodyPart;
import dev.maildock.rar.api.imap.BodyPart.Disposition;
import dev.maildock.rar.api.imap.BodyPart.Parameter;
import dev.maildock.rar.api.imap.EnvelopeFields;
import dev.maildock.rar.api.imap.MailAddress;
import dev.maildock.rar.api.imap.MessageStructure;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The kept form of a {@link MessageStructure}: a version octet, then the fields in a fixed order,
 * numbers as variable-length integers and strings as length-prefixed UTF-8 (a few hundred octets
 * for a common message, far less than Java serialization). A value of another version or one
 * that cannot be read gives nothing, and the structure is worked out again.
 */
public final class StructureCodec {

    /** Bump whenever the form or what the parser puts in it changes: older values are then recomputed. */
    static final int VERSION = 2;

    /** Deeper than the parser ever nests: a corrupt value cannot run the decoder out of stack. */
    private static final int MAX_DEPTH = 2 * StructureParser.MAX_DEPTH + 4;

    private StructureCodec() {
    }

    public static byte[] encode(MessageStructure structure) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            writeMessage(out, structure);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    /** The structure kept in {@code value}, or empty when it is absent, of another version or unreadable. */
    public static Optional<MessageStructure> decode(byte[] value) {
        if (value == null || value.length == 0 || value[0] != VERSION) {
            return Optional.empty();
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value, 1, value.length - 1))) {
            MessageStructure structure = readMessage(in, 0);
            return in.read() < 0 ? Optional.of(structure) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // corrupt: worked out again
        }
    }

    private static void writeMessage(DataOutputStream out, MessageStructure m) throws IOException {
        EnvelopeFields e = m.envelope();
        writeString(out, e.date());
        writeString(out, e.subject());
        for (List<MailAddress> list : List.of(e.from(), e.sender(), e.replyTo(), e.to(), e.cc(), e.bcc())) {
            writeNumber(out, list.size());
            for (MailAddress a : list) {
                writeString(out, a.name());
                writeString(out, a.route());
                writeString(out, a.mailbox());
                writeString(out, a.host());
            }
        }
        writeString(out, e.inReplyTo());
        writeString(out, e.messageId());
        writePart(out, m.body());
    }

    private static MessageStructure readMessage(DataInputStream in, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new IOException("nested too deep");
        }
        String date = readString(in);
        String subject = readString(in);
        List<List<MailAddress>> lists = new ArrayList<>(6);
        for (int i = 0; i < 6; i++) {
            int n = count(in);
            List<MailAddress> list = new ArrayList<>(n);
            for (int j = 0; j < n; j++) {
                list.add(new MailAddress(readString(in), readString(in), readString(in), readString(in)));
            }
            lists.add(list);
        }
        EnvelopeFields envelope = new EnvelopeFields(date, subject, lists.get(0), lists.get(1), lists.get(2),
                lists.get(3), lists.get(4), lists.get(5), readString(in), readString(in));
        return new MessageStructure(envelope, readPart(in, depth + 1));
    }

    private static void writePart(DataOutputStream out, BodyPart p) throws IOException {
        writeString(out, p.type());
        writeString(out, p.subtype());
        writeParameters(out, p.parameters());
        writeString(out, p.id());
        writeString(out, p.description());
        writeString(out, p.encoding());
        writeNumber(out, p.size());
        writeNumber(out, p.lines() + 1); // -1 (no line count) as 0
        writeString(out, p.md5());
        if (p.disposition() == null) {
            out.writeBoolean(false);
        } else {
            out.writeBoolean(true);
            writeString(out, p.disposition().type());
            writeParameters(out, p.disposition().parameters());
        }
        writeNumber(out, p.language().size());
        for (String tag : p.language()) {
            writeString(out, tag);
        }
        writeString(out, p.location());
        writeNumber(out, p.headerStart());
        writeNumber(out, p.bodyStart() - p.headerStart());
        writeNumber(out, p.end() - p.bodyStart());
        writeNumber(out, p.parts().size());
        for (BodyPart child : p.parts()) {
            writePart(out, child);
        }
        out.writeBoolean(p.message() != null);
        if (p.message() != null) {
            writeMessage(out, p.message());
        }
    }

    private static BodyPart readPart(DataInputStream in, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new IOException("nested too deep");
        }
        String type = readString(in);
        String subtype = readString(in);
        List<Parameter> parameters = readParameters(in);
        String id = readString(in);
        String description = readString(in);
        String encoding = readString(in);
        long size = readNumber(in);
        long lines = readNumber(in) - 1;
        String md5 = readString(in);
        Disposition disposition = in.readBoolean() ? new Disposition(readString(in), readParameters(in)) : null;
        int languages = count(in);
        List<String> language = new ArrayList<>(languages);
        for (int i = 0; i < languages; i++) {
            language.add(readString(in));
        }
        String location = readString(in);
        long headerStart = readNumber(in);
        long bodyStart = headerStart + readNumber(in);
        long end = bodyStart + readNumber(in);
        int n = count(in);
        List<BodyPart> parts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            parts.add(readPart(in, depth + 1));
        }
        MessageStructure message = in.readBoolean() ? readMessage(in, depth + 1) : null;
        return new BodyPart(type, subtype, parameters, id, description, encoding, size, lines, md5, disposition,
                language, location, parts, message, headerStart, bodyStart, end);
    }

    private static void writeParameters(DataOutputStream out, List<Parameter> parameters) throws IOException {
        writeNumber(out, parameters.size());
        for (Parameter p : parameters) {
            writeString(out, p.name());
            writeString(out, p.value());
        }
    }

    private static List<Parameter> readParameters(DataInputStream in) throws IOException {
        int n = count(in);
        List<Parameter> parameters = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            parameters.add(new Parameter(readString(in), readString(in)));
        }
        return parameters;
    }

    /** Length + 1 (0 for null), then the UTF-8 octets. */
    private static void writeString(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            writeNumber(out, 0);
            return;
        }
        byte[] octets = s.getBytes(StandardCharsets.UTF_8);
        writeNumber(out, octets.length + 1L);
        out.write(octets);
    }

    private static String readString(DataInputStream in) throws IOException {
        long n = readNumber(in);
        if (n == 0) {
            return null;
        }
        if (n - 1 > in.available()) {
            throw new IOException("string beyond the value");
        }
        return new String(in.readNBytes((int) (n - 1)), StandardCharsets.UTF_8);
    }

    /** A list length, which cannot exceed the octets left (each element takes at least one). */
    private static int count(DataInputStream in) throws IOException {
        long n = readNumber(in);
        if (n > in.available()) {
            throw new IOException("count beyond the value");
        }
        return (int) n;
    }

    /** An unsigned LEB128 number: 7 bits an octet, low first. */
    private static void writeNumber(DataOutputStream out, long value) throws IOException {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            out.writeByte((int) (v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.writeByte((int) v);
    }

    private static long readNumber(DataInputStream in) throws IOException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = in.readUnsignedByte();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IOException("number too long");
    }
}
