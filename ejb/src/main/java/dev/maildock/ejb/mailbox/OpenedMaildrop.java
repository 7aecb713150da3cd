package dev.maildock.ejb.mailbox;

import java.util.List;

/** An INBOX opened for one POP3 session, its lock held under {@code handle}. */
public record OpenedMaildrop(String handle, List<MaildropEntry> entries) {
}
