package dev.maildock.ejb.mailbox;

import java.io.Serializable;
import java.time.Instant;

/** One message of a folder listing. */
public record EntryView(long uid, long size, String from, String subject, Instant sentDate, Instant received,
                        boolean seen, boolean deleted, boolean answered, boolean flagged, boolean draft,
                        String recipients) implements Serializable {

    static EntryView of(MailboxEntry e) {
        return new EntryView(e.getUid(), e.getSize(), e.getFromAddress(), e.getSubject(), e.getSentDate(),
                e.getReceived(), e.isSeen(), e.isDeleted(), e.isAnswered(), e.isFlagged(), e.isDraft(),
                e.getRecipients());
    }

    public boolean has(MessageFlag flag) {
        return switch (flag) {
            case SEEN -> seen;
            case ANSWERED -> answered;
            case FLAGGED -> flagged;
            case DELETED -> deleted;
            case DRAFT -> draft;
        };
    }
}
