package dev.maildock.ejb.mailbox;

import java.time.Instant;

/** One message of a folder listing. */
public record EntryView(long uid, long size, String from, String subject, Instant sentDate, Instant received,
                        boolean seen, boolean deleted) {

    static EntryView of(MailboxEntry e) {
        return new EntryView(e.getUid(), e.getSize(), e.getFromAddress(), e.getSubject(), e.getSentDate(),
                e.getReceived(), e.isSeen(), e.isDeleted());
    }
}
