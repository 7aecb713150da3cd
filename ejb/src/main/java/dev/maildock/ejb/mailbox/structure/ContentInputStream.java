package dev.maildock.ejb.mailbox.structure;

import dev.maildock.ejb.mailbox.ContentStore;

import java.io.InputStream;

/**
 * A stored message read in ranges ({@link ContentStore#read}, as POP3 reads it): the same on
 * Derby and PostgreSQL, whose driver would otherwise hand over a whole BYTEA at once, so a large
 * message is never whole in the heap, only one {@link #CHUNK} of it.
 */
final class ContentInputStream extends InputStream {

    /** Most messages are read in one round trip. */
    static final int CHUNK = 256 * 1024;

    private final ContentStore store;
    private final long contentId;
    private final long size;
    private long offset;
    private byte[] chunk = new byte[0];
    private int position;

    ContentInputStream(ContentStore store, long contentId, long size) {
        this.store = store;
        this.contentId = contentId;
        this.size = size;
    }

    @Override
    public int read() {
        return fill() ? chunk[position++] & 0xFF : -1;
    }

    @Override
    public int read(byte[] into, int off, int len) {
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, chunk.length - position);
        System.arraycopy(chunk, position, into, off, n);
        position += n;
        return n;
    }

    private boolean fill() {
        if (position < chunk.length) {
            return true;
        }
        if (offset >= size) {
            return false;
        }
        chunk = store.read(contentId, offset, (int) Math.min(CHUNK, size - offset));
        position = 0;
        offset += chunk.length;
        if (chunk.length == 0) {
            offset = size; // shorter than its recorded size: cannot be, but must not loop
            return false;
        }
        return true;
    }
}
