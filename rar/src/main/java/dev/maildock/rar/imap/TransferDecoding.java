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
     * RFC 2045 section 6.7: {@code =XX} is an octet, {@code =} at a line end (after optional
     * whitespace) a soft line break, and whitespace at a line end is transport padding, not text
     * (rule 3); an {@code =} followed by anything else is kept as it is, as the RFC advises a
     * robust decoder. A whitespace run is looked at once, up to {@link #MAX_RUN} octets at a time,
     * so decoding stays linear whatever the input.
     */
    private static final class QuotedPrintable extends FilterInputStream {

        /** Longer runs of whitespace are text whatever follows them (no line is this long). */
        private static final int MAX_RUN = 1000;

        private final PushbackInputStream in;
        /** Whitespace found to be text, still to be returned. */
        private final byte[] run = new byte[MAX_RUN];
        private int runAt;
        private int runLength;

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
                if (runAt < runLength) {
                    return run[runAt++];
                }
                runLength = 0;
                int c = in.read();
                if (c == ' ' || c == '\t') {
                    int next = readRun(c);
                    if (next == '\r' || next == '\n' || next < 0) {
                        runLength = 0; // padding before a line break: dropped
                    }
                    unread(next);
                    continue;
                }
                if (c != '=') {
                    return c;
                }
                int first = in.read();
                if (first == ' ' || first == '\t') {
                    first = readRun(first);
                    if (first == '\r' || first == '\n') {
                        runLength = 0; // "=" and padding, then the soft line break
                    }
                }
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
                if (runLength > 0) {
                    unread(first);
                    return '='; // "=" then whitespace then text: all kept
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

        /**
         * Reads the whitespace run that starts with {@code c} into {@link #run} (up to
         * {@link #MAX_RUN} octets) and returns the octet after it, not consumed from the run's view.
         */
        private int readRun(int c) throws IOException {
            runAt = 0;
            runLength = 0;
            int next = c;
            while ((next == ' ' || next == '\t') && runLength < MAX_RUN) {
                run[runLength++] = (byte) next;
                next = in.read();
            }
            return next;
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
