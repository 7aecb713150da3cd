package dev.maildock.rar.api;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A maildrop opened for one POP3 session, with its exclusive lock held by the platform.
 * <p>
 * The lock lives in the database with a lease, so a crashed node cannot keep a maildrop locked
 * forever: the adapter calls {@link Pop3Listener#renew} well before the lease runs out, for as long
 * as the session lasts, and ends the session with exactly one of {@link Pop3Listener#commit} or
 * {@link Pop3Listener#release}.
 *
 * @param handle   opaque id of this opened maildrop (e.g. the lock token); passed back on every call
 * @param messages the messages in the order of their POP3 numbers (1, 2, ...), fixed for the session
 * @param lease    how long the lock holds without renewal; {@code null} or zero when it needs none
 */
public record Maildrop(String handle, List<MaildropMessage> messages, Duration lease) implements Serializable {

    public Maildrop {
        Objects.requireNonNull(handle, "handle");
        messages = List.copyOf(messages);
    }

    public Maildrop(String handle, List<MaildropMessage> messages) {
        this(handle, messages, null);
    }
}
