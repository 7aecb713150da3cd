package dev.maildock.rar.imap;

/**
 * Rules about commands that depend on nothing but the command: the state it is valid in (RFC 9051
 * section 3 and the command descriptions of section 6), and whether it names messages by sequence
 * number, which forbids EXPUNGE responses while it runs (section 7.5.1).
 */
final class ImapCommands {

    /** The state a command needs. */
    enum ValidIn {
        /** CAPABILITY, NOOP, LOGOUT, ID (RFC 2971). */
        ANY,
        /** STARTTLS, AUTHENTICATE, LOGIN. */
        NOT_AUTHENTICATED,
        /** Authenticated or selected. */
        AUTHENTICATED,
        SELECTED
    }

    private ImapCommands() {
    }

    static ValidIn validIn(ImapCommand command) {
        if (command instanceof ImapCommand.Capability || command instanceof ImapCommand.Noop
                || command instanceof ImapCommand.Logout || command instanceof ImapCommand.Id) {
            return ValidIn.ANY;
        }
        if (command instanceof ImapCommand.StartTls || command instanceof ImapCommand.Authenticate
                || command instanceof ImapCommand.Login) {
            return ValidIn.NOT_AUTHENTICATED;
        }
        if (command instanceof ImapCommand.Check || command instanceof ImapCommand.Close
                || command instanceof ImapCommand.Unselect || command instanceof ImapCommand.Expunge
                || command instanceof ImapCommand.Search || command instanceof ImapCommand.Fetch
                || command instanceof ImapCommand.Store || command instanceof ImapCommand.Copy) {
            return ValidIn.SELECTED;
        }
        return ValidIn.AUTHENTICATED;
    }

    /**
     * FETCH, STORE, SEARCH, COPY and MOVE without UID: an EXPUNGE before their answer would change
     * the numbers the client meant (COPY and MOVE are not in section 7.5.1's list, but the same
     * reasoning holds for them).
     */
    static boolean bySequenceNumber(ImapCommand command) {
        return command instanceof ImapCommand.Fetch fetch && !fetch.uid()
                || command instanceof ImapCommand.Store store && !store.uid()
                || command instanceof ImapCommand.Search search && !search.uid()
                || command instanceof ImapCommand.Copy copy && !copy.uid();
    }
}
