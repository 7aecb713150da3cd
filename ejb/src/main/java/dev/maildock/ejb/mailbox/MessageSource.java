package dev.maildock.ejb.mailbox;

import dev.maildock.rar.api.MessageData;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;

/**
 * The raw bytes of a message to store, readable more than once (headers for the listing summary,
 * then the whole for the BLOB) without holding the message in memory: a spool file in production.
 */
public interface MessageSource {

    InputStream open() throws IOException;

    long size();

    static MessageSource ofBytes(byte[] raw) {
        return new MessageSource() {
            @Override
            public InputStream open() {
                return new ByteArrayInputStream(raw);
            }

            @Override
            public long size() {
                return raw.length;
            }
        };
    }

    /** A message the resource adapter received (SMTP DATA, IMAP APPEND), read from its spool or bytes. */
    static MessageSource of(MessageData data) {
        return new MessageSource() {
            @Override
            public InputStream open() throws IOException {
                return data.openStream();
            }

            @Override
            public long size() {
                return data.size();
            }
        };
    }

    /** This message with {@code header} (e.g. a Return-Path line) in front. */
    default MessageSource prependedWith(byte[] header) {
        MessageSource rest = this;
        return new MessageSource() {
            @Override
            public InputStream open() throws IOException {
                return new SequenceInputStream(new ByteArrayInputStream(header), rest.open());
            }

            @Override
            public long size() {
                return header.length + rest.size();
            }
        };
    }
}
