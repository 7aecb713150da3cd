package dev.maildock.ejb.imap;

import dev.maildock.ejb.mailbox.structure.StructureParser;
import dev.maildock.rar.api.MessageData;
import dev.maildock.rar.api.imap.BodyPart;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * RFC 3516 section 4.3: a message APPENDed as a literal8 may have parts in Content-Transfer-Encoding
 * {@code binary}, whose NULs no IMAP literal may carry back (BODY[], RFC822). Such parts are stored
 * base64-encoded, as Dovecot stores them, so that every FETCH can send them; BINARY[] decodes them
 * back to the octets the client appended.
 */
final class BinaryParts {

    private static final Pattern BINARY_ENCODING = Pattern.compile(
            "(?im)^(Content-Transfer-Encoding:)[ \\t]*binary[ \\t]*(?=\\r?$)");
    private static final byte[] CRLF = {'\r', '\n'};

    private BinaryParts() {
    }

    /**
     * The message with its binary parts base64-encoded, in a new file the caller deletes; null when
     * it has none (the message is stored as it came).
     */
    static Path encoded(MessageData message) throws IOException {
        List<BodyPart> binary = new ArrayList<>();
        try (InputStream in = message.openStream()) {
            collect(StructureParser.parse(in).body(), binary);
        }
        if (binary.isEmpty()) {
            return null;
        }
        binary.sort(Comparator.comparingLong(BodyPart::headerStart));
        Path file = Files.createTempFile("imap-append-", ".eml");
        try (InputStream in = message.openStream(); OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            long at = 0;
            for (BodyPart part : binary) {
                copy(in, out, part.headerStart() - at);
                String header = new String(in.readNBytes((int) (part.bodyStart() - part.headerStart())),
                        StandardCharsets.ISO_8859_1);
                out.write(BINARY_ENCODING.matcher(header).replaceFirst("$1 base64").getBytes(StandardCharsets.ISO_8859_1));
                byte[] body = in.readNBytes((int) (part.end() - part.bodyStart()));
                out.write(Base64.getMimeEncoder(76, CRLF).encode(body));
                if (part == binary.get(binary.size() - 1) && part.end() == message.size()) {
                    out.write(CRLF); // a single part: the message ends with its line
                }
                at = part.end();
            }
            in.transferTo(out);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return file;
    }

    /** Deletes what {@link #encoded} made (null: nothing). */
    static void delete(Path encoded) {
        if (encoded == null) {
            return;
        }
        try {
            Files.deleteIfExists(encoded);
        } catch (IOException e) {
            // A file in the temporary directory: the message is stored either way.
            encoded.toFile().deleteOnExit();
        }
    }

    /** The leaf parts in binary, nested messages included. */
    private static void collect(BodyPart part, List<BodyPart> binary) {
        if (part.message() != null) {
            collect(part.message().body(), binary);
        } else if (!part.parts().isEmpty()) {
            part.parts().forEach(child -> collect(child, binary));
        } else if ("binary".equalsIgnoreCase(part.encoding())) {
            binary.add(part);
        }
    }

    private static void copy(InputStream in, OutputStream out, long length) throws IOException {
        byte[] chunk = new byte[8192];
        for (long left = length; left > 0; ) {
            int n = in.read(chunk, 0, (int) Math.min(chunk.length, left));
            if (n < 0) {
                throw new IOException("Message shorter than its structure");
            }
            out.write(chunk, 0, n);
            left -= n;
        }
    }
}
