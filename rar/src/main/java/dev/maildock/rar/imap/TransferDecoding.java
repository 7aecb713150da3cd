package dev.maildock.rar.imap;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.Base64;
import java.util.Locale;

/**
 * Content-Transfer-Encoding decoding for BINARY[...] and BINARY.SIZE (RFC 3516) as streams, so a
 * part of any size is decoded in bounded memory while it is read.
 */
public final class TransferDecoding {

    /** The part's encoding is none this server decodes: the session answers NO [UNKNOWN-CTE]. */
    public static final class UnknownEncodingException extends Exception {

        public UnknownEncodingException(String encoding) {
            super("Unknown Content-Transfer-Encoding " + encoding, null, false, false);
        }
    }

    private TransferDecoding() {
    }

    /**
     * The decoded octets of {@code encoded} (a part's body as stored).
     *
     * @param encoding the part's Content-Transfer-Encoding, null for none (7bit)
     */
    public static InputStream decode(String encoding, InputStream encoded) throws UnknownEncodingException {
        String name = encoding == null ? "7bit" : encoding.toLowerCase(Locale.ROOT);
        return switch (name) {
            case "7bit", "8bit", "binary" -> encoded;
            // The MIME decoder skips line breaks and any octet outside the alphabet (RFC 2045 section 6.8).
            case "base64" -> Base64.getMimeDecoder().wrap(encoded);
            case "quoted-printable" -> new QuotedPrintable(encoded);
            default -> throw new UnknownEncodingException(encoding);
        };
    }

    /** BINARY.SIZE: how many octets {@code encoded} decodes to, read through once. */
    public static long decodedSize(String encoding, InputStream encoded) throws UnknownEncodingException,
            IOException {
        try (InputStream decoded = decode(encoding, encoded)) {
            byte[] chunk = new byte[8192];
            long size = 0;
            for (int n = decoded.read(chunk); n >= 0; n = decoded.read(chunk)) {
                size += n;
            }
            return size;
        }
    }

    /**
     * RFC 2045 section 6.7: {@code =XX} is an octet, {@code =} at a line end a soft line break; an
     * {@code =} followed by anything else is kept as it is, as the RFC advises a robust decoder.
     */
    private static final class QuotedPrintable extends FilterInputStream {

        private final PushbackInputStream in;

        QuotedPrintable(InputStream encoded) {
            this(new PushbackInputStream(encoded, 2));
        }

        private QuotedPrintable(PushbackInputStream in) {
            super(in);
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            while (true) {
                int c = in.read();
                if (c != '=') {
                    return c;
                }
                int first = in.read();
                if (first == '\n') {
                    continue; // soft line break
                }
                if (first == '\r') {
                    int second = in.read();
                    if (second == '\n') {
                        continue; // soft line break
                    }
                    unread(second);
                    unread(first);
                    return '=';
                }
                int second = in.read();
                int high = hex(first);
                int low = hex(second);
                if (high >= 0 && low >= 0) {
                    return high << 4 | low;
                }
                unread(second);
                unread(first);
                return '=';
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            int n = 0;
            while (n < len) {
                int c = read();
                if (c < 0) {
                    return n == 0 ? -1 : n;
                }
                b[off + n++] = (byte) c;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = 0;
            while (skipped < n && read() >= 0) {
                skipped++;
            }
            return skipped;
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        private void unread(int c) throws IOException {
            if (c >= 0) {
                in.unread(c);
            }
        }

        private static int hex(int c) {
            return c < 0 ? -1 : Character.digit(c, 16);
        }
    }
}
