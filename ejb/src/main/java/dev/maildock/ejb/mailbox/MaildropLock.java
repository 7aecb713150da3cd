package dev.maildock.ejb.mailbox;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * The exclusive POP3 maildrop lock of one account (RFC 1939 section 8), kept in the database so it
 * holds across every Maildock node sharing it, with a lease so a crashed node's lock runs out.
 * One row per account, created on first use; "free" is a null holder or a lease in the past.
 */
@Entity
@Table(name = "MD_MAILDROP_LOCK")
public class MaildropLock {

    @Id
    @Column(name = "ACCOUNT_ID")
    private Long accountId;

    /** The session's handle (random UUID) while held. */
    @Column(length = 64)
    private String holder;

    private Instant leaseUntil;

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

    void take(String handle, Instant until) {
        this.holder = handle;
        this.leaseUntil = until;
    }

    void extend(Instant until) {
        this.leaseUntil = until;
    }

    void free() {
        this.holder = null;
        this.leaseUntil = null;
    }
}
