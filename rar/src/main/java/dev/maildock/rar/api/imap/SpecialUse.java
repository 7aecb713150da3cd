package dev.maildock.rar.api.imap;

/** Special-use attributes of a mailbox (RFC 6154) that Maildock keeps for a folder. */
public enum SpecialUse {
    SENT("\\Sent"), DRAFTS("\\Drafts"), TRASH("\\Trash"), JUNK("\\Junk"), ARCHIVE("\\Archive");

    private final String attribute;

    SpecialUse(String attribute) {
        this.attribute = attribute;
    }

    /** The attribute as LIST shows it, e.g. {@code \Sent}. */
    public String attribute() {
        return attribute;
    }
}
