package dev.maildock.ejb.mailbox.structure;

import java.io.IOException;
import java.io.InputStream;

/**
 * The stored octets line by line, with each line's offset, so that part boundaries are exact
 * octet positions. Only the first {@link #KEPT} octets of a line are kept (enough for any header
 * line a parser needs and any boundary): a message with a 25 MiB line, or a 25 MiB message, is
 * never whole in memory. A line ends at LF (CRLF as stored; a bare LF is taken too, a bare CR is
 * not a line end).
 */
final class LineScanner {

    static final int KEPT = 8192;

    private final InputStream in;
    private final byte[] buffer = new byte[16384];
    private int position;
    private int limit;
    private boolean exhausted;

    private final byte[] kept = new byte[KEPT];
    private int keptLength;
    private long start;
    private long contentLength;
    private int eol;
    private long linesBefore;
    private int previousEol;
    private boolean pushedBack;
    private boolean atEnd;

    /** Where the next line starts: after the current line, or the end of the octets at the end. */
    private long next;
    private long lineEnds;

    LineScanner(InputStream in) {
        this.in = in;
    }

    /** Moves to the next line (or to the line pushed back); false at the end of the octets. */
    boolean next() throws IOException {
        if (pushedBack) {
            pushedBack = false;
            return true;
        }
        if (atEnd) {
            return false;
        }
        if (position == limit && !fill()) {
            atEnd = true;
            previousEol = eol;
            return false;
        }
        previousEol = eol;
        start = next;
        linesBefore = lineEnds;
        keptLength = 0;
        long length = 0;
        boolean cr = false;
        while (true) {
            if (position == limit && !fill()) {
                eol = 0;
                contentLength = length;
                next = start + length;
                return true;
            }
            byte b = buffer[position++];
            if (b == '\n') {
                eol = cr ? 2 : 1;
                contentLength = length - (cr ? 1 : 0);
                if (cr && keptLength > contentLength) {
                    keptLength--;
                }
                next = start + length + 1;
                lineEnds++;
                return true;
            }
            if (keptLength < KEPT) {
                kept[keptLength++] = b;
            }
            length++;
            cr = b == '\r';
        }
    }

    /** The next call of {@link #next} gives the current line again. */
    void pushBack() {
        pushedBack = true;
    }

    private boolean fill() throws IOException {
        if (exhausted) {
            return false;
        }
        int n;
        do {
            n = in.read(buffer, 0, buffer.length);
        } while (n == 0);
        if (n < 0) {
            exhausted = true;
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }

    /** Offset of the current line's first octet. */
    long start() {
        return start;
    }

    /** Offset after the current line's end of line; at the end of the octets, their length. */
    long end() {
        return next;
    }

    /** Number of line ends (LF) before the current line; at the end of the octets, all of them. */
    long linesBefore() {
        return atEnd ? lineEnds : linesBefore;
    }

    /** Number of line ends (LF) before {@link #end()}. */
    long lineEnds() {
        return lineEnds;
    }

    /** Octets of the current line without its end of line. */
    long contentLength() {
        return contentLength;
    }

    /** 2 for CRLF, 1 for LF, 0 for a last line without one. */
    int eol() {
        return eol;
    }

    /** The kept octets of the current line (the first {@link #keptLength()}). */
    byte[] kept() {
        return kept;
    }

    int keptLength() {
        return keptLength;
    }

    /** Whether the current line starts with {@code prefix} (which must be at most {@link #KEPT}). */
    boolean startsWith(byte[] prefix) {
        if (keptLength < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (kept[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether the octets after the current line's first {@code at} are {@code "--"}. */
    boolean dashesAt(int at) {
        return keptLength >= at + 2 && kept[at] == '-' && kept[at + 1] == '-';
    }

    /** End-of-line length of the line before the current one (or of the last line at the end). */
    int previousEol() {
        return previousEol;
    }
}
