package dev.maildock.ejb.mailbox;

import jakarta.persistence.Basic;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * The raw RFC 5322 message as delivered (CRLF line ends, trace headers prepended). Immutable and
 * stored once however many local mailboxes receive it.
 */
@Entity
@Table(name = "MD_MESSAGE_CONTENT")
public class MessageContent {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    // Derby gives a @Lob a 64 KB column unless told otherwise; mail needs the full 2 GB range.
    @Lob
    @Basic(fetch = FetchType.LAZY)
    @Column(nullable = false, length = Integer.MAX_VALUE)
    private byte[] raw;

    @Column(nullable = false)
    private long size;

    // The MIME structure IMAP shows (StructureCodec's form), null until first asked for: kept so a
    // FETCH never parses the message again. Read and written by MessageStructures, never on ingest.
    @Lob
    @Basic(fetch = FetchType.LAZY)
    @Column(name = "MIME_STRUCTURE", length = Integer.MAX_VALUE)
    private byte[] mimeStructure;

    @Column(nullable = false)
    private Instant created;

    protected MessageContent() {
    }

    MessageContent(byte[] raw, Instant created) {
        this.raw = raw;
        this.size = raw.length;
        this.created = created;
    }

    public Long getId() {
        return id;
    }

    public byte[] getRaw() {
        return raw;
    }

    public long getSize() {
        return size;
    }

    public Instant getCreated() {
        return created;
    }
}
