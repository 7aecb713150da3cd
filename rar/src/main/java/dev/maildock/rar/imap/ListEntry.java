package dev.maildock.rar.imap;

import java.util.List;

/**
 * One {@code * LIST} (or {@code * LSUB}) response as data.
 *
 * @param name       the mailbox name in UTF-8, {@code /} as delimiter; {@code ""} for the root that
 *                   LIST with an empty pattern names (RFC 9051 section 6.3.9)
 * @param attributes the name attributes in the order to write them, e.g. {@code \Subscribed}
 * @param selectable a mailbox that can be selected (LIST-STATUS answers only for these, RFC 5819)
 * @param childInfo  a descendant matches the selection criteria: {@code ("CHILDINFO" ("SUBSCRIBED"))}
 */
public record ListEntry(String name, List<String> attributes, boolean selectable, boolean childInfo) {

    public ListEntry {
        attributes = List.copyOf(attributes);
    }
}
