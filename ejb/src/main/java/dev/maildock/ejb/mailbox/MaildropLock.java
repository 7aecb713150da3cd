package dev.maildock.ejb.mailbox;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * The exclusive POP3 maildrop lock of one account (RFC 1939 section 8), kept in the database so it
 * holds across every Maildock node sharing it, with a lease so a crashed node's lock runs out.
 * One row per account, created on first use; "free" is a null holder or a lease in the past.
 * The holder's node and run let a restarted node free at once the locks its previous run left
 * behind (after a crash) instead of making their owners wait the lease out.
 */
@Entity
// MD_LOCK_BY_HOLDER: a session's every call finds its lock by the handle; without it, by a scan of
// every account's lock row.
@Table(name = "MD_MAILDROP_LOCK", indexes = @Index(name = "MD_LOCK_BY_HOLDER", columnList = "HOLDER"))
public class MaildropLock {

    @Id
    @Column(name = "ACCOUNT_ID")
    private Long accountId;

    /** The session's handle (random UUID) while held. */
    @Column(length = 64)
    private String holder;

    private Instant leaseUntil;

    /** maildock.node of the server whose session holds the lock. */
    @Column(name = "HOLDER_NODE", length = 128)
    private String holderNode;

    /** The holding server's run ({@link MaildropService#RUN}): another run of the node is over. */
    @Column(name = "HOLDER_RUN", length = 36)
    private String holderRun;

    protected MaildropLock() {
    }

    MaildropLock(Long accountId) {
        this.accountId = accountId;
    }

    Long getAccountId() {
        return accountId;
    }

    boolean isHeldAt(Instant now) {
        return holder != null && leaseUntil != null && leaseUntil.isAfter(now);
    }

    boolean isHeldBy(String handle, Instant now) {
        return handle.equals(holder) && isHeldAt(now);
    }

    void take(String handle, Instant until, String node, String run) {
        this.holder = handle;
        this.leaseUntil = until;
        this.holderNode = node;
        this.holderRun = run;
    }

    void extend(Instant until) {
        this.leaseUntil = until;
    }

    void free() {
        this.holder = null;
        this.leaseUntil = null;
        this.holderNode = null;
        this.holderRun = null;
    }
}
