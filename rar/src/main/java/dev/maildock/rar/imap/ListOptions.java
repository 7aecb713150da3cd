package dev.maildock.rar.imap;

/**
 * The LIST-EXTENDED options of one LIST (RFC 5258 section 3, RFC 6154 section 5.1), as
 * {@link MailboxTree} applies them. REMOTE is accepted and changes nothing: no mailbox is remote.
 * SPECIAL-USE attributes are always returned (RFC 9051 section 7.3.1 makes them part of every LIST),
 * so the SPECIAL-USE return option needs no flag, and STATUS is the session's.
 *
 * @param extended         the command used the extended syntax (options or several patterns): a
 *                         name that is no mailbox is then {@code \NonExistent}, else {@code \Noselect}
 * @param subscribed       selection option SUBSCRIBED (implies the SUBSCRIBED return option)
 * @param specialUse       selection option SPECIAL-USE: only mailboxes with a special use
 * @param recursiveMatch   selection option RECURSIVEMATCH
 * @param returnSubscribed return option SUBSCRIBED
 * @param returnChildren   return option CHILDREN ({@code \HasChildren}/{@code \HasNoChildren}); a
 *                         server may send them unasked, so the session may set it for every LIST
 */
public record ListOptions(boolean extended, boolean subscribed, boolean specialUse, boolean recursiveMatch,
        boolean returnSubscribed, boolean returnChildren) {

    /** A plain LIST, as RFC 3501 knows it. */
    public static final ListOptions PLAIN = new ListOptions(false, false, false, false, false, false);

    /**
     * @throws IllegalArgumentException RECURSIVEMATCH without SUBSCRIBED, which RFC 5258 section 3
     *                                  and RFC 6154 section 6 make a BAD; the message says why
     */
    public ListOptions {
        if (recursiveMatch && (!subscribed || specialUse)) {
            throw new IllegalArgumentException(specialUse ? "RECURSIVEMATCH cannot be used with SPECIAL-USE"
                    : "RECURSIVEMATCH needs the SUBSCRIBED selection option");
        }
    }

    boolean showSubscribed() {
        return subscribed || returnSubscribed;
    }

    boolean anySelection() {
        return subscribed || specialUse;
    }
}
