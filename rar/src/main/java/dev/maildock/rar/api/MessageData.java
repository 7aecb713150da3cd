package dev.maildock.rar.api;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The bytes of one received message: the trace header the session prepends, then the content as
 * the client sent it after dot-unstuffing, with CRLF line endings.
 * <p>
 * Only JDK types cross this boundary, because the listener runs on another thread and, for an MDB,
 * behind another class loader view. A big message is a spool file, not heap: read it with
 * {@link #openStream()}. The spool file is deleted once {@code deliver} returns, so read it inside
 * that call.
 */
public final class MessageData {

    private final byte[] trace;
    private final byte[] content;
    private final Path contentFile;
    private final long contentSize;

    private MessageData(byte[] trace, byte[] content, Path contentFile, long contentSize) {
        this.trace = trace.clone();
        this.content = content;
        this.contentFile = contentFile;
        this.contentSize = contentSize;
    }

    /** A message held in memory. */
    public static MessageData ofBytes(byte[] trace, byte[] content) {
        Objects.requireNonNull(content, "content");
        return new MessageData(trace, content.clone(), null, content.length);
    }

    /** A message spooled to a file of {@code size} octets. */
    public static MessageData ofFile(byte[] trace, Path file, long size) {
        Objects.requireNonNull(file, "file");
        return new MessageData(trace, null, file, size);
    }

    /** Total octets {@link #openStream()} yields (trace header included). */
    public long size() {
        return trace.length + contentSize;
    }

    /** The whole message from its first octet; each call opens a new stream. */
    public InputStream openStream() throws IOException {
        InputStream body = content != null ? new ByteArrayInputStream(content) : Files.newInputStream(contentFile);
        return new SequenceInputStream(new ByteArrayInputStream(trace), body);
    }

    /** The whole message in one array: for callers whose store takes arrays (mind the size). */
    public byte[] readAllBytes() {
        try (InputStream in = openStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the content lives in a spool file rather than in memory. */
    public boolean spooled() {
        return contentFile != null;
    }
}
