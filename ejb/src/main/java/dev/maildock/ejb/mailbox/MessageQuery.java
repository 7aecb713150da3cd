package dev.maildock.ejb.mailbox;

import java.io.Serializable;
import java.time.Instant;
import java.util.Set;

/**
 * What a search looks for in one folder; null or empty parts are not constrained. Text matches are
 * case-insensitive substrings. Everything but {@code body} is answered from the listing columns in
 * the database; {@code body} reads the stored messages of the candidates the rest left over.
 *
 * @param subject        in the Subject
 * @param from           in the From (name or address)
 * @param recipient      in To or Cc (name or address)
 * @param body           in the message text (headers and body as stored)
 * @param withFlags      flags the message must have
 * @param withoutFlags   flags the message must not have
 * @param receivedSince  received at or after (inclusive)
 * @param receivedBefore received before (exclusive)
 * @param sentSince      Date header at or after
 * @param sentBefore     Date header before
 */
public record MessageQuery(String subject, String from, String recipient, String body,
                           Set<MessageFlag> withFlags, Set<MessageFlag> withoutFlags,
                           Instant receivedSince, Instant receivedBefore, Instant sentSince, Instant sentBefore)
        implements Serializable {

    public MessageQuery {
        withFlags = withFlags == null ? Set.of() : Set.copyOf(withFlags);
        withoutFlags = withoutFlags == null ? Set.of() : Set.copyOf(withoutFlags);
    }

    public static MessageQuery any() {
        return new MessageQuery(null, null, null, null, null, null, null, null, null, null);
    }

    public MessageQuery withSubject(String text) {
        return new MessageQuery(text, from, recipient, body, withFlags, withoutFlags, receivedSince, receivedBefore,
                sentSince, sentBefore);
    }

    public MessageQuery withFrom(String text) {
        return new MessageQuery(subject, text, recipient, body, withFlags, withoutFlags, receivedSince, receivedBefore,
                sentSince, sentBefore);
    }

    public MessageQuery withRecipient(String text) {
        return new MessageQuery(subject, from, text, body, withFlags, withoutFlags, receivedSince, receivedBefore,
                sentSince, sentBefore);
    }

    public MessageQuery withBody(String text) {
        return new MessageQuery(subject, from, recipient, text, withFlags, withoutFlags, receivedSince, receivedBefore,
                sentSince, sentBefore);
    }
}
