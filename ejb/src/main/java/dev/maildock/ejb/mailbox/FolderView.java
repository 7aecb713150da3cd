package dev.maildock.ejb.mailbox;

/** A folder with its message count. */
public record FolderView(String name, FolderRole role, long uidValidity, long nextUid, long messages) {
}
