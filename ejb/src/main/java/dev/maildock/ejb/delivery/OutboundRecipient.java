package dev.maildock.ejb.delivery;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Locale;

/**
 * One remote recipient of an {@link OutboundMessage}: its own status, attempts and last reply,
 * because one server may accept a recipient that another refuses (RFC 5321 section 3.3).
 */
@Entity
@Table(name = "MD_OUTBOUND_RECIPIENT", indexes = {
        @Index(name = "MD_OUTBOUND_DUE", columnList = "STATUS, NEXTATTEMPT"),
        @Index(name = "MD_OUTBOUND_OF_MESSAGE", columnList = "MESSAGE_ID, DOMAIN"),
        @Index(name = "MD_OUTBOUND_CLAIM", columnList = "CLAIMTOKEN")})
public class OutboundRecipient {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(optional = false, fetch = FetchType.LAZY)
    @JoinColumn(name = "MESSAGE_ID")
    private OutboundMessage message;

    /** The forward path as the sender wrote it (remote local parts may be case-sensitive). */
    @Column(nullable = false, length = 320)
    private String address;

    /** The destination domain in lower case: recipients of one message per domain share a transaction. */
    @Column(nullable = false, length = 255)
    private String domain;

    @Enumerated(EnumType.STRING)
    @Column(name = "STATUS", nullable = false, length = 16)
    private RecipientStatus status;

    @Column(nullable = false)
    private int attempts;

    @Column(name = "NEXTATTEMPT", nullable = false)
    private Instant nextAttempt;

    private Instant lastAttempt;

    /** The last reply or error, for the admin queue view and the DSN's Diagnostic-Code. */
    @Column(length = 1000)
    private String lastReply;

    /** The RFC 3463 status of the last attempt (e.g. 5.1.1), for the DSN's Status field. */
    @Column(name = "STATUSCODE", length = 16)
    private String statusCode;

    /** The host that gave the last reply, for the DSN's Remote-MTA field; null when none answered. */
    @Column(name = "REMOTEMTA", length = 255)
    private String remoteMta;

    /**
     * Which worker holds this recipient, while it delivers it: the server's node name and a random
     * part. A claim is only honoured until {@link #claimedUntil}, so work held by a server that died
     * is taken up again by another after the lease (and by the same server when it restarts).
     */
    @Column(name = "CLAIMTOKEN", length = 200)
    private String claimToken;

    @Column(name = "CLAIMEDUNTIL")
    private Instant claimedUntil;

    protected OutboundRecipient() {
    }

    /** The destination domain of a forward path, in lower case, as stored in DOMAIN. */
    static String domainOf(String address) {
        int at = address.lastIndexOf('@');
        return (at < 0 ? "" : address.substring(at + 1)).toLowerCase(Locale.ROOT);
    }

    public Long getId() {
        return id;
    }

    public OutboundMessage getMessage() {
        return message;
    }

    public String getAddress() {
        return address;
    }

    public String getDomain() {
        return domain;
    }

    public RecipientStatus getStatus() {
        return status;
    }

    public void setStatus(RecipientStatus status) {
        this.status = status;
    }

    public int getAttempts() {
        return attempts;
    }

    public void setAttempts(int attempts) {
        this.attempts = attempts;
    }

    public Instant getNextAttempt() {
        return nextAttempt;
    }

    public void setNextAttempt(Instant nextAttempt) {
        this.nextAttempt = nextAttempt;
    }

    public Instant getLastAttempt() {
        return lastAttempt;
    }

    public void setLastAttempt(Instant lastAttempt) {
        this.lastAttempt = lastAttempt;
    }

    public String getLastReply() {
        return lastReply;
    }

    public void setLastReply(String lastReply) {
        this.lastReply = lastReply == null || lastReply.length() <= 1000 ? lastReply : lastReply.substring(0, 1000);
    }

    public String getStatusCode() {
        return statusCode;
    }

    public void setStatusCode(String statusCode) {
        this.statusCode = statusCode;
    }

    public String getRemoteMta() {
        return remoteMta;
    }

    public void setRemoteMta(String remoteMta) {
        this.remoteMta = remoteMta == null || remoteMta.length() <= 255 ? remoteMta : remoteMta.substring(0, 255);
    }

    public String getClaimToken() {
        return claimToken;
    }

    public Instant getClaimedUntil() {
        return claimedUntil;
    }

    /** Held by the worker of {@code token} until {@code until}. */
    void claim(String token, Instant until) {
        this.claimToken = token;
        this.claimedUntil = until;
    }

    /** Ends this worker's hold on the recipient. */
    public void releaseClaim() {
        this.claimToken = null;
        this.claimedUntil = null;
    }
}
