package dev.maildock.ejb.mailbox;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;

import java.time.Instant;

/** One message in one folder: its UID, flags and the summary a listing shows. */
@Entity
@Table(name = "MD_MAILBOX_ENTRY", uniqueConstraints = @UniqueConstraint(columnNames = {"FOLDER_ID", "UID"}))
@NamedQuery(name = MailboxEntry.IN_FOLDER, query = "SELECT e FROM MailboxEntry e WHERE e.folder = :folder ORDER BY e.uid")
public class MailboxEntry {

    static final String IN_FOLDER = "MailboxEntry.inFolder";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(optional = false, fetch = FetchType.LAZY)
    @JoinColumn(name = "FOLDER_ID")
    private Folder folder;

    @ManyToOne(optional = false, fetch = FetchType.LAZY)
    @JoinColumn(name = "CONTENT_ID")
    private MessageContent content;

    @Column(name = "UID", nullable = false)
    private long uid;

    private boolean seen;
    private boolean answered;
    private boolean flagged;
    private boolean deleted;
    private boolean draft;

    @Column(nullable = false)
    private Instant received;

    @Column(nullable = false)
    private long size;

    @Column(length = 320)
    private String fromAddress;

    @Column(length = 998)
    private String subject;

    private Instant sentDate;

    /** To and Cc as listed at delivery, for search by recipient. */
    @Column(length = 2000)
    private String recipients;

    protected MailboxEntry() {
    }

    MailboxEntry(Folder folder, MessageContent content, long size, long uid, Instant received, MessageSummary summary) {
        this.folder = folder;
        this.content = content;
        this.uid = uid;
        this.received = received;
        this.size = size;
        this.fromAddress = summary.from();
        this.subject = summary.subject();
        this.sentDate = summary.date();
        this.recipients = summary.recipients();
    }

    /** A copy of this entry (same stored content) in another folder under a new UID. */
    MailboxEntry copyTo(Folder target, long newUid, Instant now) {
        MailboxEntry copy = new MailboxEntry();
        copy.folder = target;
        copy.content = content;
        copy.uid = newUid;
        copy.received = received;
        copy.size = size;
        copy.fromAddress = fromAddress;
        copy.subject = subject;
        copy.sentDate = sentDate;
        copy.recipients = recipients;
        copy.seen = seen;
        copy.answered = answered;
        copy.flagged = flagged;
        copy.draft = draft;
        return copy;
    }

    /** Sets or clears one flag. */
    void set(MessageFlag flag, boolean value) {
        switch (flag) {
            case SEEN -> seen = value;
            case ANSWERED -> answered = value;
            case FLAGGED -> flagged = value;
            case DELETED -> deleted = value;
            case DRAFT -> draft = value;
        }
    }

    public String getRecipients() {
        return recipients;
    }

    public Long getId() {
        return id;
    }

    public Folder getFolder() {
        return folder;
    }

    public MessageContent getContent() {
        return content;
    }

    public long getUid() {
        return uid;
    }

    public boolean isSeen() {
        return seen;
    }

    public boolean isAnswered() {
        return answered;
    }

    public boolean isFlagged() {
        return flagged;
    }

    public boolean isDeleted() {
        return deleted;
    }

    public boolean isDraft() {
        return draft;
    }

    public Instant getReceived() {
        return received;
    }

    public long getSize() {
        return size;
    }

    public String getFromAddress() {
        return fromAddress;
    }

    public String getSubject() {
        return subject;
    }

    public Instant getSentDate() {
        return sentDate;
    }
}
