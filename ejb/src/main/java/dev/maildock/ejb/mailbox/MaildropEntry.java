package dev.maildock.ejb.mailbox;

/**
 * One message of an opened maildrop.
 *
 * @param entryId the mailbox entry's id (the handle for retrieval and deletion)
 * @param uidl    unique and stable for good: the INBOX's UIDVALIDITY and the message's UID
 * @param size    exact octets of the stored message
 */
public record MaildropEntry(long entryId, String uidl, long size) {
}
