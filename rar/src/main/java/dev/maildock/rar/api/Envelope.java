package dev.maildock.rar.api;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * One mail transaction's envelope as the session accepted it: only the recipients the listener
 * accepted are in it.
 *
 * @param session     the session the transaction ran in
 * @param reversePath MAIL FROM
 * @param recipients  the accepted RCPT TO paths, in order, at least one
 * @param eightBit    whether the content is 8-bit: MAIL FROM declared BODY=8BITMIME, or the data
 *                    has an octet above 127 all the same
 */
public record Envelope(SessionInfo session, ReversePath reversePath, List<ForwardPath> recipients, boolean eightBit)
        implements Serializable {

    public Envelope {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(reversePath, "reversePath");
        recipients = List.copyOf(recipients);
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("an envelope needs a recipient");
        }
    }
}
