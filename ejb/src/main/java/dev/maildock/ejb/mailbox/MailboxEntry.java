package dev.maildock.ejb.mailbox;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One message in one folder: its UID, flags and the summary a listing shows. */
@Entity
// MD_ENTRY_BY_MODSEQ: an IMAP session's "what changed since" reads only the changed rows of a large folder.
// MD_ENTRY_BY_CONTENT: whether a content is still referred to (ContentReferences) without a scan;
// PostgreSQL, unlike Derby, makes no index for a foreign key.
@Table(name = "MD_MAILBOX_ENTRY", uniqueConstraints = @UniqueConstraint(columnNames = {"FOLDER_ID", "UID"}),
        indexes = {@Index(name = "MD_ENTRY_BY_MODSEQ", columnList = "FOLDER_ID, MODSEQ"),
                @Index(name = "MD_ENTRY_BY_CONTENT", columnList = "CONTENT_ID")})
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

    /**
     * RFC 7162 MODSEQ of the entry's last change (filing, flags): the folder's
     * {@link Folder#takeModSeq} in the transaction of the change. Null on rows from before IMAP, read as 0.
     */
    @Column(name = "MODSEQ")
    private Long modSeq;

    /**
     * IMAP keywords ({@code $Forwarded}, {@code $Junk}, ...) separated by single spaces, null for
     * none: one column read with the row, so FETCH FLAGS of a slice is one query without a join.
     * At most {@value #MAX_KEYWORDS} keywords of at most {@value #MAX_KEYWORD} characters.
     */
    @Column(length = 1000)
    private String keywords;

    /** Keywords per message; a STORE that would add more leaves the ones beyond out (Dovecot refuses them). */
    public static final int MAX_KEYWORDS = 32;
    /** The longest keyword; longer ones are not stored. */
    public static final int MAX_KEYWORD = 30;

    protected MailboxEntry() {
    }

    MailboxEntry(Folder folder, MessageContent content, long size, long uid, Instant received, MessageSummary summary) {
        this.modSeq = folder.takeModSeq();
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

    /**
     * A copy of this entry (same stored content) in another folder under a new UID and the MODSEQ
     * {@code modSeq} of the target (locked by the caller).
     */
    public MailboxEntry copyTo(Folder target, long newUid, long modSeq) {
        MailboxEntry copy = new MailboxEntry();
        copy.modSeq = modSeq;
        copy.keywords = keywords;
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

    /** Sets or clears one flag; true when that changed it. */
    public boolean set(MessageFlag flag, boolean value) {
        boolean was = has(flag);
        switch (flag) {
            case SEEN -> seen = value;
            case ANSWERED -> answered = value;
            case FLAGGED -> flagged = value;
            case DELETED -> deleted = value;
            case DRAFT -> draft = value;
        }
        return was != value;
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

    /** Records a change of this entry at {@code modSeq} (taken from its locked folder). */
    public void changedAt(long modSeq) {
        this.modSeq = modSeq;
    }

    /** Moves the entry, with its UID, to another folder (RENAME INBOX) at that folder's {@code modSeq}. */
    public void moveTo(Folder target, long modSeq) {
        this.folder = target;
        this.modSeq = modSeq;
    }

    public long getModSeq() {
        return modSeq == null ? 0 : modSeq;
    }

    /** The keywords in the order they were added. */
    public List<String> getKeywords() {
        return keywordList(keywords);
    }

    /**
     * Replaces the keywords (duplicates, ignoring case, and ones over the limits left out); true
     * when that changed them.
     */
    public boolean setKeywords(List<String> wanted) {
        List<String> kept = new ArrayList<>();
        List<String> lower = new ArrayList<>();
        for (String keyword : wanted) {
            String key = keyword.toLowerCase(Locale.ROOT);
            if (kept.size() < MAX_KEYWORDS && keyword.length() <= MAX_KEYWORD && !keyword.isEmpty()
                    && keyword.chars().allMatch(MailboxEntry::atomChar) && !lower.contains(key)) {
                kept.add(keyword);
                lower.add(key);
            }
        }
        String joined = kept.isEmpty() ? null : String.join(" ", kept);
        boolean changed = joined == null ? keywords != null : !joined.equals(keywords);
        keywords = joined;
        return changed;
    }

    /** A keyword column's value as a list. */
    public static List<String> keywordList(String column) {
        return column == null || column.isEmpty() ? List.of() : List.of(column.split(" "));
    }

    /** RFC 9051 ATOM-CHAR without the flag's backslash: what a keyword may contain. */
    private static boolean atomChar(int c) {
        return c > 0x20 && c < 0x7f && "(){%*\\\"]".indexOf(c) < 0;
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
