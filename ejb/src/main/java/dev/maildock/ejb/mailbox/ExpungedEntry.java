package dev.maildock.ejb.mailbox;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * The expunge log: one row per message removed from a folder, from any path, with the folder's
 * MODSEQ of the removal. An IMAP session learns of expunges made elsewhere by asking for rows above
 * the MODSEQ it knows (and QRESYNC's VANISHED reads the same rows). The folder is an id, not a
 * relationship: a row outlives nothing, it goes with its folder ({@link Expunges#forgetFolder}).
 * Rows are kept {@link Expunges#RETENTION}; see docs/architecture.md section 5.
 */
@Entity
@Table(name = "MD_EXPUNGED", indexes = @Index(name = "MD_EXPUNGED_BY_MODSEQ", columnList = "FOLDER_ID, MODSEQ"))
public class ExpungedEntry {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "FOLDER_ID", nullable = false)
    private long folderId;

    @Column(name = "UID", nullable = false)
    private long uid;

    @Column(name = "MODSEQ", nullable = false)
    private long modSeq;

    @Column(nullable = false)
    private Instant expunged;

    protected ExpungedEntry() {
    }

    ExpungedEntry(long folderId, long uid, long modSeq, Instant expunged) {
        this.folderId = folderId;
        this.uid = uid;
        this.modSeq = modSeq;
        this.expunged = expunged;
    }

    public long getUid() {
        return uid;
    }

    public long getModSeq() {
        return modSeq;
    }
}
