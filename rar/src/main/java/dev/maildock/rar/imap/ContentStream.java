package dev.maildock.rar.imap;

import dev.maildock.rar.api.ImapListener;
import dev.maildock.rar.api.imap.BodyPart;
import dev.maildock.rar.api.imap.FetchedMessage;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * One content item (RFC822, RFC822.HEADER, RFC822.TEXT, BODY[section], BINARY[section],
 * BINARY.SIZE) of a message too large to come with its FETCH slice: a range of the stored octets
 * ({@link BodySections#locate}), for BINARY of a part decoded from its Content-Transfer-Encoding,
 * cut to the partial's window. Its octets are read with {@link ImapListener#read} at most
 * {@link #CHUNK} at a time, one step per platform call on the platform's thread, and the session
 * asks each next step only once the socket drained: a connection holds a chunk or two whatever
 * the message's size, as POP3's RETR does. A message whose content came with the slice but whose
 * items ask for more than a chunk of it ({@link FetchResponder#streams}) is read the same way from
 * that content ({@link #local}).
 * <p>
 * A literal announces its size first. A range sent as stored knows it; decoded octets, filtered
 * header fields and BINARY content (a literal8 when a NUL is among the octets) are read through
 * once before (a first {@link #step}). HEADER.FIELDS[.NOT] reads only the header, at most
 * {@link FetchResponder#WHOLE_CONTENT_LIMIT} of it (the platform keeps less of a header for
 * ENVELOPE), and filters it in one piece.
 */
final class ContentStream {

    /** Octets per platform read: as POP3's retrieve chunk, a few socket buffers' worth. */
    static final int CHUNK = 256 * 1024;

    /** What a platform step found. */
    enum Outcome {
        READY,
        /** The message no longer exists (expunged meanwhile). */
        GONE,
        /** The content breaks its own Content-Transfer-Encoding: answered as one not understood. */
        UNDECODABLE
    }

    /** The message left the store while it was being read. */
    private static final class GoneException extends IOException {
        GoneException() {
            super("message gone", null);
        }
    }

    private final String account;
    private final long mailboxId;
    private final long uid;
    /** The message's content when it came with the slice, else null: read from the platform. */
    private final byte[] whole;
    /** The octets {@code [start, end)} of the stored message, clamped to its size. */
    private final long start;
    private final long end;
    /** The Content-Transfer-Encoding to decode (BINARY of a part), or null to send as stored. */
    private final String encoding;
    /** HEADER.FIELDS[.NOT]: the section whose fields are selected, else null. */
    private final SectionSpec fields;
    /** The partial's window on the decoded or filtered octets (a raw range is cut directly). */
    private final long skip;
    private final long window;
    /** A BINARY item: a literal8 when a NUL is among its octets (RFC 3516). */
    private final boolean binary;

    private long size = -1;
    private boolean literal8;
    /** Octets read and not yet taken by the session. */
    private byte[] chunk;
    private long produced;
    private RangeInput input;
    private InputStream octets;

    private ContentStream(FetchedMessage message, String account, long mailboxId, long start, long end,
            String encoding, SectionSpec fields, long skip, long window, boolean binary) {
        this.account = account;
        this.mailboxId = mailboxId;
        this.uid = message.uid();
        this.whole = message.content();
        this.start = start;
        this.end = end;
        this.encoding = encoding;
        this.fields = fields;
        this.skip = skip;
        this.window = window;
        this.binary = binary;
        if (fields == null && (start == end || encoding == null && !binary)) {
            size = end - start;
        }
    }

    /**
     * The stream of a content item, or null for an item without content (FLAGS, ENVELOPE...).
     *
     * @throws TransferDecoding.UnknownEncodingException BINARY of a part in an unknown encoding,
     *                                                   found before anything is read
     */
    static ContentStream of(FetchItem item, FetchedMessage message, String account, long mailboxId)
            throws TransferDecoding.UnknownEncodingException {
        long size = size(message);
        if (item instanceof FetchItem.Simple simple) {
            BodyPart top = message.structure() == null ? null : message.structure().body();
            return switch (simple) {
                case RFC822 -> raw(message, account, mailboxId, new BodySections.Range(0, size), -1, -1, false);
                case RFC822_HEADER -> raw(message, account, mailboxId,
                        new BodySections.Range(top.headerStart(), top.bodyStart()), -1, -1, false);
                case RFC822_TEXT -> raw(message, account, mailboxId,
                        new BodySections.Range(top.bodyStart(), top.end()), -1, -1, false);
                default -> null;
            };
        }
        SectionSpec spec;
        boolean binary = false; // a BINARY item: a literal8 when a NUL is among its octets
        long offset = -1;
        long length = -1;
        if (item instanceof FetchItem.Section section) {
            spec = section.section();
            binary = section.binary();
            offset = section.offset();
            length = section.length();
        } else {
            spec = ((FetchItem.BinarySize) item).section();
        }
        boolean entire = spec.part().length == 0 && spec.text() == SectionSpec.Text.ALL;
        BodySections.Range range = entire ? new BodySections.Range(0, size)
                : BodySections.locate(message.structure(), spec);
        if (range == null) {
            // A part the message lacks: empty.
            return raw(message, account, mailboxId, new BodySections.Range(0, 0), -1, -1, false);
        }
        boolean filtered = spec.text() == SectionSpec.Text.HEADER_FIELDS
                || spec.text() == SectionSpec.Text.HEADER_FIELDS_NOT;
        String encoding = null;
        if ((binary || item instanceof FetchItem.BinarySize) && spec.part().length > 0
                && spec.text() == SectionSpec.Text.ALL) {
            encoding = BodySections.part(message.structure().body(), spec.part()).encoding();
            // An unknown encoding is refused now, before any octet of the message is sent; the
            // identity ones (7bit, 8bit, binary) come back as the stream itself: sent as stored.
            InputStream probe = InputStream.nullInputStream();
            encoding = TransferDecoding.decode(encoding, probe) == probe ? null : encoding;
        }
        if (!filtered && encoding == null) {
            return raw(message, account, mailboxId, range, offset, length, binary);
        }
        long from = Math.min(range.start(), size);
        long to = filtered ? Math.min(range.end(), from + FetchResponder.WHOLE_CONTENT_LIMIT) : range.end();
        return new ContentStream(message, account, mailboxId, from, Math.min(to, size), encoding,
                filtered ? spec : null, Math.max(offset, 0), length < 0 ? Long.MAX_VALUE : length, binary);
    }

    /** Stored octets of {@code range}, cut to the partial {@code <offset.length>} if any (offset -1: none). */
    private static ContentStream raw(FetchedMessage message, String account, long mailboxId,
            BodySections.Range range, long offset, long length, boolean binary) {
        long from = Math.min(range.start(), size(message));
        long to = Math.min(range.end(), size(message));
        if (offset >= 0) {
            from = Math.min(to, from + offset);
            to = Math.min(to, from + length);
        }
        return new ContentStream(message, account, mailboxId, from, to, null, null, 0, Long.MAX_VALUE, binary);
    }

    /** The octets there are: the content at hand, else as many as the platform stored. */
    private static long size(FetchedMessage message) {
        return message.content() != null ? message.content().length : message.size();
    }

    /** Whether the octets are at hand: its steps read no platform and may run on the event loop. */
    boolean local() {
        return whole != null;
    }

    /**
     * The octets of the platform read that reads it all, when one does (HEADER.FIELDS, a range of
     * at most a chunk sent as stored), else -1: such a stream can be read with its slice.
     */
    long oneRead() {
        if (whole != null || start == end) {
            return -1;
        }
        if (fields != null) {
            return end - start;
        }
        return sized() && size <= CHUNK ? size : -1;
    }

    /** Whether the size is known: else the first {@link #step} reads the octets through for it. */
    boolean sized() {
        return size >= 0;
    }

    long size() {
        return size;
    }

    /** A BINARY literal holding a NUL: {@code ~{n}}. */
    boolean literal8() {
        return literal8;
    }

    /** Whether every octet was read ({@link #take} may still hold the last ones). */
    boolean allRead() {
        return produced >= size;
    }

    /** The octets read and not yet sent, or null; the session sends them. */
    byte[] take() {
        byte[] taken = chunk;
        chunk = null;
        return taken;
    }

    // ------------------------------------------ on the platform's thread (content at hand: the event loop)

    /** The next step: a read through for the size when it is not known, else the next chunk. */
    Outcome step(ImapListener listener) {
        return sized() ? next(listener) : measure(listener);
    }

    /** Reads the octets through once for their size and whether a NUL is among them. */
    private Outcome measure(ImapListener listener) {
        try {
            if (fields != null) {
                byte[] header = range(listener, start, (int) (end - start));
                if (header == null) {
                    return Outcome.GONE;
                }
                byte[] selected = HeaderFilter.select(header, fields.fields(),
                        fields.text() == SectionSpec.Text.HEADER_FIELDS_NOT);
                int from = (int) Math.min(selected.length, skip);
                chunk = Arrays.copyOfRange(selected, from, (int) Math.min(selected.length, from + window));
                size = chunk.length;
                produced = size;
                literal8 = binary && hasNul(chunk, chunk.length);
                return Outcome.READY;
            }
            InputStream in = open(listener);
            byte[] buffer = new byte[8192];
            long counted = 0;
            boolean nul = false;
            for (int n; counted < window
                    && (n = in.read(buffer, 0, (int) Math.min(buffer.length, window - counted))) >= 0; ) {
                counted += n;
                nul |= hasNul(buffer, n);
            }
            input = null;
            size = counted;
            literal8 = binary && nul;
            return Outcome.READY;
        } catch (GoneException e) {
            return Outcome.GONE;
        } catch (IOException e) {
            return Outcome.UNDECODABLE;
        }
    }

    /** Reads the next chunk of octets, up to {@link #CHUNK}. */
    private Outcome next(ImapListener listener) {
        try {
            if (octets == null) {
                octets = open(listener);
            }
            input.listener = listener;
            byte[] next = new byte[(int) Math.min(CHUNK, size - produced)];
            int n;
            try {
                n = octets.readNBytes(next, 0, next.length);
            } finally {
                input.listener = null;
            }
            if (n < next.length) {
                return Outcome.GONE; // fewer octets than measured: the content changed under us
            }
            chunk = next;
            produced += n;
            return Outcome.READY;
        } catch (GoneException e) {
            return Outcome.GONE;
        } catch (IOException e) {
            return Outcome.UNDECODABLE;
        }
    }

    /** The octets to send from their start: decoded if so asked, the partial's origin skipped. */
    private InputStream open(ImapListener listener) throws IOException {
        input = new RangeInput();
        input.listener = listener;
        InputStream in;
        try {
            in = encoding == null ? input : TransferDecoding.decode(encoding, input);
        } catch (TransferDecoding.UnknownEncodingException e) {
            throw new IllegalStateException(e); // checked in of()
        }
        for (long left = skip; left > 0; ) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                break; // the window starts past the end: nothing to send
            }
            left -= skipped;
        }
        return in;
    }

    /** {@code length} octets from {@code from}: of the content at hand, else of the platform (null: gone). */
    private byte[] range(ImapListener listener, long from, int length) {
        if (whole != null) {
            return Arrays.copyOfRange(whole, (int) from, (int) from + length);
        }
        return length == 0 ? new byte[0] : listener.read(account, mailboxId, uid, from, length);
    }

    private static boolean hasNul(byte[] octets, int length) {
        for (int i = 0; i < length; i++) {
            if (octets[i] == 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * The stored range as a stream, read from the platform a chunk at a time. The listener is the
     * one of the platform call under way: a stream lives across several calls.
     */
    private final class RangeInput extends InputStream {

        ImapListener listener;
        private long offset = start;
        private byte[] buffer = new byte[0];
        private int at;
        private int length;

        @Override
        public int read() throws IOException {
            return fill() ? buffer[at++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, length - at);
            System.arraycopy(buffer, at, b, off, n);
            at += n;
            return n;
        }

        private boolean fill() throws IOException {
            if (at < length) {
                return true;
            }
            if (offset >= end) {
                return false;
            }
            int asked = (int) Math.min(CHUNK, end - offset);
            byte[] read = range(listener, offset, asked);
            if (read == null || read.length == 0) {
                throw new GoneException();
            }
            buffer = read;
            at = 0;
            length = Math.min(read.length, asked);
            offset += length;
            return true;
        }
    }
}
