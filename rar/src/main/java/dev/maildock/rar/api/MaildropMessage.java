package dev.maildock.rar.api;

import java.io.Serializable;
import java.util.Objects;

/**
 * One message of a maildrop as the POP3 session lists it.
 *
 * @param id   the platform's handle for {@link Pop3Listener#retrieve} and {@link Pop3Listener#commit};
 *             never shown to the client
 * @param uidl the RFC 1939 unique-id: 1 to 70 printable ASCII characters (0x21 to 0x7E), unique in
 *             the maildrop and stable forever, never reused after the message is deleted
 * @param size the exact number of octets {@code retrieve} returns for this message (CRLF line ends,
 *             before byte-stuffing): STAT, LIST and the RETR reply all report it
 */
public record MaildropMessage(String id, String uidl, long size) implements Serializable {

    public MaildropMessage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(uidl, "uidl");
        if (uidl.isEmpty() || uidl.length() > 70 || !uidl.chars().allMatch(c -> c >= 0x21 && c <= 0x7E)) {
            // RFC 1939 section 7: a client stores these; anything else breaks the UIDL line format.
            throw new IllegalArgumentException("UIDL must be 1 to 70 printable ASCII characters: " + uidl);
        }
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
    }
}
