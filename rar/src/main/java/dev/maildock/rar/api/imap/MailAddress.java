package dev.maildock.rar.api.imap;

import java.io.Serializable;

/**
 * One address of an ENVELOPE address list, in RFC 9051's four parts (null = NIL). RFC 822 groups
 * are written as the RFC says: a start marker with {@code host} null and the group name as
 * {@code mailbox}, then the members, then an end marker with {@code mailbox} and {@code host} null.
 */
public record MailAddress(String name, String route, String mailbox, String host) implements Serializable {

    public static MailAddress groupStart(String groupName) {
        return new MailAddress(null, null, groupName, null);
    }

    public static MailAddress groupEnd() {
        return new MailAddress(null, null, null, null);
    }
}
