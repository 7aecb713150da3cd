package dev.maildock.rar.api.imap;

import java.io.Serializable;
import java.util.Objects;

/**
 * One mailbox (folder) of an account, or a name it subscribed to, as LIST needs it.
 *
 * @param id         the platform's id of the folder, passed back on later calls; 0 for a subscribed
 *                   name that is no mailbox (RFC 9051 section 6.3.7; LIST shows it \NonExistent)
 * @param name       the full name in UTF-8 with {@code /} as hierarchy delimiter; the inbox is {@code INBOX}
 * @param specialUse its special use, or null
 * @param subscribed whether the account subscribed to it
 */
public record MailboxInfo(long id, String name, SpecialUse specialUse, boolean subscribed) implements Serializable {

    public MailboxInfo {
        Objects.requireNonNull(name, "name");
    }
}
