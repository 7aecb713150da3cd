package dev.maildock.ejb.delivery.remote;

import dev.maildock.ejb.common.EightBit;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.MimePartDataSource;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.internet.ParseException;
import jakarta.mail.util.SharedFileInputStream;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;

/**
 * The 7-bit form of a message for a next hop that does not announce 8BITMIME (RFC 6152 section 3):
 * every leaf part whose Content-Transfer-Encoding is 8bit or binary, or whose body has 8-bit octets,
 * is re-encoded, as quoted-printable when it is text and as base64 otherwise; a message/rfc822 part
 * is converted inside. Everything else (header lines, other parts, preambles) is written as Angus
 * Mail parsed it, i.e. byte for byte except for boundary delimiter lines (rewritten without
 * transport padding) and multipart epilogues (dropped). Header fields with raw 8-bit octets
 * (SMTPUTF8-style, RFC 6532) cannot be converted without changing what they say: such a message is
 * refused (RFC 6531 section 3.2) rather than corrupted.
 * <p>
 * Works on temporary files (the stored message and its converted form), so a large message is
 * never whole in the heap. One instance serves every host of one delivery attempt; close it after.
 */
final class SevenBitDowngrade implements AutoCloseable {

    /** What a host without 8BITMIME gets. */
    sealed interface Form {
    }

    /** The message is 7-bit already: send the stored bytes. */
    record Unchanged() implements Form {
    }

    /** The converted bytes. */
    record Converted(Path file, long size) implements Form {
        void writeTo(OutputStream out) throws IOException {
            Files.copy(file, out);
        }
    }

    /** Cannot be made 7-bit without changing its meaning. */
    record Refused(String reason) implements Form {
    }

    private static final byte[] CRLF = {'\r', '\n'};
    /** The transfer encodings MimeUtility.decode knows (RFC 2045 section 6 and uuencode). */
    private static final Set<String> DECODABLE = Set.of("7bit", "8bit", "binary", "quoted-printable", "base64",
            "uuencode", "x-uuencode", "x-uue");

    private final DeliveryTransport.Content original;
    private Path stored;
    private Path converted;
    private Form form;

    SevenBitDowngrade(DeliveryTransport.Content original) {
        this.original = original;
    }

    /**
     * Reads and, when needed, converts the message the first time; the same answer afterwards.
     *
     * @throws MessagingException when the message cannot be parsed
     */
    Form form() throws IOException, MessagingException {
        if (form == null) {
            stored = Files.createTempFile("maildock-out-", ".eml");
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(stored))) {
                original.writeTo(out);
            }
            form = convert(stored);
        }
        return form;
    }

    private Form convert(Path message) throws IOException, MessagingException {
        Scan scan = Scan.of(message);
        if (!scan.eightBitHeader() && !scan.eightBitBody()) {
            return new Unchanged();
        }
        if (scan.eightBitHeader()) {
            return refusedForHeaders();
        }
        converted = Files.createTempFile("maildock-out-7bit-", ".eml");
        try (SharedFileInputStream in = new SharedFileInputStream(message.toFile());
             OutputStream out = new BufferedOutputStream(Files.newOutputStream(converted))) {
            MimeMessage parsed = new MimeMessage(Session.getInstance(new Properties()), in);
            if (!write(parsed, out)) {
                return refusedForHeaders();
            }
        }
        return new Converted(converted, Files.size(converted));
    }

    private static Refused refusedForHeaders() {
        return new Refused("header fields with 8-bit octets (UTF-8) cannot be converted to 7 bit");
    }

    /**
     * Writes one entity (headers and body) in 7-bit form.
     *
     * @return false when a header line has 8-bit octets
     */
    private static boolean write(MimePart part, OutputStream out) throws MessagingException, IOException {
        String type = contentType(part);
        String encoding = encoding(part);
        boolean multipart = type.startsWith("multipart/");
        boolean message = type.equals("message/rfc822") || type.equals("message/global");
        String newEncoding = null;
        if (multipart || message) {
            // Composite types take only 7bit, 8bit or binary (RFC 2045 section 6.4); 7bit once converted.
            if ("8bit".equals(encoding) || "binary".equals(encoding)) {
                newEncoding = "7bit";
            }
        } else if ("8bit".equals(encoding) || "binary".equals(encoding) || EightBit.in(raw(part))) {
            newEncoding = type.startsWith("text/") ? "quoted-printable" : "base64";
        }
        if (!writeHeaders(part, newEncoding, out)) {
            return false;
        }
        if (multipart) {
            return writeMultipart(new MimeMultipart(new MimePartDataSource(part)), out);
        }
        if (message && (newEncoding != null || EightBit.in(raw(part)))) {
            try (InputStream in = decoded(part, encoding)) {
                return write(new MimeMessage(Session.getInstance(new Properties()), in), out);
            }
        }
        if (newEncoding == null) {
            try (InputStream in = raw(part)) {
                in.transferTo(out);
            }
            return true;
        }
        // The decoded octets (8bit/binary: as they are), encoded again; CRLF line breaks of text
        // stay line breaks in quoted-printable.
        OutputStream encoder = MimeUtility.encode(new NoClose(out), newEncoding);
        try (InputStream in = decoded(part, encoding)) {
            in.transferTo(encoder);
        }
        encoder.close();
        return true;
    }

    private static boolean writeMultipart(MimeMultipart multipart, OutputStream out) throws MessagingException, IOException {
        String boundary = "--" + new ContentType(multipart.getContentType()).getParameter("boundary");
        String preamble = multipart.getPreamble();
        if (preamble != null && !preamble.isEmpty() && preamble.chars().allMatch(c -> c < 0x80)) {
            // Angus joins the preamble's lines with the platform's line separator.
            byte[] bytes = preamble.replaceAll("\r?\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1);
            out.write(bytes);
            if (bytes[bytes.length - 1] != '\n') {
                out.write(CRLF);
            }
        }
        for (int i = 0; i < multipart.getCount(); i++) {
            out.write(boundary.getBytes(StandardCharsets.US_ASCII));
            out.write(CRLF);
            if (!write((MimeBodyPart) multipart.getBodyPart(i), out)) {
                return false;
            }
            out.write(CRLF);
        }
        out.write((boundary + "--").getBytes(StandardCharsets.US_ASCII));
        out.write(CRLF);
        return true;
    }

    /** The header lines as parsed; Content-Transfer-Encoding replaced (or added) when it changes. */
    private static boolean writeHeaders(MimePart part, String newEncoding, OutputStream out)
            throws MessagingException, IOException {
        boolean replaced = false;
        for (Enumeration<String> lines = part.getAllHeaderLines(); lines.hasMoreElements(); ) {
            String line = lines.nextElement();
            if (line.chars().anyMatch(c -> c >= 0x80)) {
                return false;
            }
            if (newEncoding != null && line.regionMatches(true, 0, "Content-Transfer-Encoding:", 0, 26)) {
                if (replaced) {
                    continue;
                }
                line = "Content-Transfer-Encoding: " + newEncoding;
                replaced = true;
            }
            out.write(line.getBytes(StandardCharsets.ISO_8859_1));
            out.write(CRLF);
        }
        if (newEncoding != null && !replaced) {
            out.write(("Content-Transfer-Encoding: " + newEncoding).getBytes(StandardCharsets.US_ASCII));
            out.write(CRLF);
        }
        out.write(CRLF);
        return true;
    }

    private static String contentType(MimePart part) throws MessagingException {
        String header = part.getHeader("Content-Type", null);
        if (header == null) {
            return "text/plain";
        }
        try {
            return new ContentType(header).getBaseType().toLowerCase(Locale.ROOT);
        } catch (ParseException e) {
            // RFC 2045 section 5.2: an unreadable Content-Type means text/plain.
            return "text/plain";
        }
    }

    private static String encoding(MimePart part) throws MessagingException {
        String header = part.getHeader("Content-Transfer-Encoding", null);
        return header == null ? "7bit" : header.trim().toLowerCase(Locale.ROOT);
    }

    /**
     * The body decoded. An encoding Angus Mail does not know cannot be decoded, so the part cannot
     * be converted: that is the message's fault, not a passing local one, yet Angus Mail reports it
     * as an IOException (found by SevenBitDowngradeFuzzTest; the queue would retry it for days).
     */
    private static InputStream decoded(MimePart part, String encoding) throws MessagingException, IOException {
        if (!DECODABLE.contains(encoding)) {
            throw new MessagingException("unknown Content-Transfer-Encoding " + encoding);
        }
        return part.getInputStream();
    }

    private static InputStream raw(MimePart part) throws MessagingException {
        return part instanceof MimeMessage m ? m.getRawInputStream() : ((MimeBodyPart) part).getRawInputStream();
    }

    /** Where the stored message has 8-bit octets: in its header section, in its body. */
    private record Scan(boolean eightBitHeader, boolean eightBitBody) {

        static Scan of(Path message) throws IOException {
            boolean header = false;
            boolean body = false;
            boolean inHeader = true;
            int lineLength = 0;
            try (InputStream in = new BufferedInputStream(Files.newInputStream(message))) {
                for (int b; (b = in.read()) >= 0 && !(header && body); ) {
                    if (b >= 0x80) {
                        if (inHeader) {
                            header = true;
                        } else {
                            body = true;
                        }
                    }
                    if (b == '\n') {
                        // An empty line (CRLF or LF alone) ends the header section.
                        if (inHeader && lineLength == 0) {
                            inHeader = false;
                        }
                        lineLength = 0;
                    } else if (b != '\r') {
                        lineLength++;
                    }
                }
            }
            return new Scan(header, body);
        }
    }

    /** Lets an encoder be closed (to flush its last line) without closing the message's stream. */
    private static final class NoClose extends FilterOutputStream {
        NoClose(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    @Override
    public void close() {
        for (Path p : new Path[]{stored, converted}) {
            if (p != null) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    p.toFile().deleteOnExit();
                }
            }
        }
    }
}
