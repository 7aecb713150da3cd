package dev.maildock.ejb.mailbox;

/** The special folders every account has, by their usual names. */
public enum FolderRole {
    INBOX("INBOX"), SENT("Sent"), DRAFTS("Drafts"), TRASH("Trash"), USER(null);

    private final String defaultName;

    FolderRole(String defaultName) {
        this.defaultName = defaultName;
    }

    public String defaultName() {
        return defaultName;
    }
}
