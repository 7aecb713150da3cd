package dev.maildock.provider.spi;

import java.io.Serializable;

/**
 * One folder of an account.
 *
 * @param role INBOX, SENT, DRAFTS, TRASH or USER
 */
public record FolderInfo(String name, String role, long uidValidity, long uidNext, long messages, long unseen)
        implements Serializable {
}
