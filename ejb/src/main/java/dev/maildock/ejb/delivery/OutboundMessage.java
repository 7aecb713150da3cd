package dev.maildock.ejb.delivery;

import dev.maildock.ejb.mailbox.MessageContent;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A message accepted for delivery to other servers: its envelope sender, the stored bytes (a
 * {@link MessageContent} of its own, the trace headers already in them) and one
 * {@link OutboundRecipient} per remote address. The row stays until every recipient is finished,
 * so nothing is lost on a restart; its content row goes with it.
 * <p>
 * {@link OutboundQueue#enqueue} writes the rows with plain INSERTs: its column lists follow these
 * fields' columns.
 */
@Entity
@Table(name = "MD_OUTBOUND_MESSAGE", indexes = @Index(name = "MD_OUTBOUND_CONTENT", columnList = "CONTENT_ID"))
public class OutboundMessage {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    /** The reverse path without angle brackets; empty for the null sender {@code <>}. */
    @Column(nullable = false, length = 320)
    private String reversePath;

    @ManyToOne(optional = false, fetch = FetchType.LAZY)
    @JoinColumn(name = "CONTENT_ID")
    private MessageContent content;

    @Column(nullable = false)
    private long size;

    /** The account that submitted it, or null for mail the platform itself sends (DSNs). */
    @Column(length = 320)
    private String submitter;

    /** Declared BODY=8BITMIME (or known to contain 8-bit data). */
    private boolean eightBit;

    @Column(nullable = false)
    private Instant created;

    /** Whether the one delay notice (issue #6: after maildock.queue.delayWarning) has been sent. */
    private boolean delayNotified;

    @OneToMany(mappedBy = "message", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("id")
    private List<OutboundRecipient> recipients = new ArrayList<>();

    protected OutboundMessage() {
    }

    public Long getId() {
        return id;
    }

    public String getReversePath() {
        return reversePath;
    }

    public boolean hasNullReversePath() {
        return reversePath.isEmpty();
    }

    public MessageContent getContent() {
        return content;
    }

    public long getSize() {
        return size;
    }

    public String getSubmitter() {
        return submitter;
    }

    public boolean isEightBit() {
        return eightBit;
    }

    public Instant getCreated() {
        return created;
    }

    public boolean isDelayNotified() {
        return delayNotified;
    }

    public void setDelayNotified(boolean delayNotified) {
        this.delayNotified = delayNotified;
    }

    public List<OutboundRecipient> getRecipients() {
        return recipients;
    }
}
