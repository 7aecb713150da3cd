package dev.maildock.rar.api.imap;

import java.io.Serializable;
import java.util.Objects;

/**
 * One mailbox (folder) of an account, or a name it subscribed to, as LIST needs it.
 *
 * @param id         the platform's id of the folder, passed back on later calls; {@link #NOT_A_MAILBOX}
 *                   for a subscribed name that is no mailbox (RFC 9051 section 6.3.7: a subscription
 *                   outlives its mailbox, and LIST (SUBSCRIBED) shows it as {@code \NonExistent})
 * @param name       the full name in UTF-8 with {@code /} as hierarchy delimiter; the inbox is {@code INBOX}
 * @param specialUse its special use, or null
 * @param subscribed whether the account subscribed to it
 */
public record MailboxInfo(long id, String name, SpecialUse specialUse, boolean subscribed) implements Serializable {

    /** The {@code id} of a subscribed name with no mailbox behind it. */
    public static final long NOT_A_MAILBOX = 0;

    public MailboxInfo {
        Objects.requireNonNull(name, "name");
    }

    /** A subscription to a name that is no mailbox (any more, or not yet). */
    public static MailboxInfo subscribedName(String name) {
        return new MailboxInfo(NOT_A_MAILBOX, name, null, true);
    }

    /** Whether this is a mailbox rather than only a subscribed name. */
    public boolean exists() {
        return id != NOT_A_MAILBOX;
    }
}
