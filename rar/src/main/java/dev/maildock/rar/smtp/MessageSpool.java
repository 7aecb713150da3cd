package dev.maildock.rar.smtp;

import dev.maildock.rar.api.MessageData;
import io.netty.buffer.ByteBuf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The content of one message while it arrives: in heap up to a threshold, then in a temporary
 * file, so that a big message costs disk, not heap, per connection. Content past the size limit is
 * counted but not kept: the message will be refused, and the client still has to be read to its
 * end so that the session stays usable.
 * <p>
 * File writes happen on the event loop; they land in the page cache and are short, and moving them
 * elsewhere would need another copy of the data in flight.
 * <p>
 * Public because IMAP APPEND spools its message literals the same way.
 */
public final class MessageSpool implements AutoCloseable {

    private final int threshold;
    private final long maxSize;
    private final Path directory;
    private final ByteArrayOutputStream memory = new ByteArrayOutputStream();
    private Path file;
    private FileChannel channel;
    private long size;
    private IOException failure;

    public MessageSpool(int threshold, long maxSize, Path directory) {
        this.threshold = threshold;
        this.maxSize = maxSize;
        this.directory = directory;
    }

    /** Takes the readable octets of {@code chunk} (the caller still releases it). */
    public void append(ByteBuf chunk) {
        int length = chunk.readableBytes();
        long before = size;
        size += length;
        if (failure != null || size > maxSize) {
            return;
        }
        try {
            if (channel == null && before + length > threshold) {
                spill();
            }
            if (channel != null) {
                while (chunk.isReadable()) {
                    chunk.readBytes(channel, channel.position(), chunk.readableBytes());
                    channel.position(channel.size());
                }
            } else {
                chunk.readBytes(memory, length);
            }
        } catch (IOException e) {
            failure = e;
        }
    }

    private void spill() throws IOException {
        if (directory == null) {
            file = Files.createTempFile("smtp-", ".msg");
        } else {
            Files.createDirectories(directory);
            file = Files.createTempFile(directory, "smtp-", ".msg");
        }
        channel = FileChannel.open(file, StandardOpenOption.WRITE);
        channel.write(ByteBuffer.wrap(memory.toByteArray()));
        memory.reset();
    }

    public long size() {
        return size;
    }

    public boolean tooBig() {
        return size > maxSize;
    }

    /**
     * The message for the listener; the spool stays until {@link #close()}.
     *
     * @throws IOException the write failure that lost content (the session answers 451)
     */
    public MessageData toMessageData(byte[] trace) throws IOException {
        if (failure != null) {
            throw failure;
        }
        if (channel == null) {
            return MessageData.ofBytes(trace, memory.toByteArray());
        }
        channel.close();
        return MessageData.ofFile(trace, file, size);
    }

    /** Deletes the spill file; safe to call more than once. */
    @Override
    public void close() {
        try {
            if (channel != null) {
                channel.close();
            }
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // A leftover temp file is harmless; nothing to tell the client.
        }
        memory.reset();
        channel = null;
        file = null;
    }
}
