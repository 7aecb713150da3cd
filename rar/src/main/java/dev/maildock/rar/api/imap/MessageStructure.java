package dev.maildock.rar.api.imap;

import java.io.Serializable;
import java.util.Objects;

/**
 * A stored message parsed once by a MIME parser and kept: what ENVELOPE and BODYSTRUCTURE show,
 * and where each MIME part lies in the stored octets, so BODY[section] and BINARY[section] are
 * served as byte ranges without parsing the message again.
 */
public record MessageStructure(EnvelopeFields envelope, BodyPart body) implements Serializable {

    public MessageStructure {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(body, "body");
    }
}
