package dev.maildock.ejb.mailbox;

import java.io.Serializable;

/** A folder with its message count and how many of those are unread. */
public record FolderView(String name, FolderRole role, long uidValidity, long nextUid, long messages, long unseen)
        implements Serializable {
}
