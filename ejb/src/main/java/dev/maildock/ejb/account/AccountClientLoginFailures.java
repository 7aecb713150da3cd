package dev.maildock.ejb.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Failed logins to one account name from one client address: the unit of the hard lock for
 * guessing one password, so the same account from another address is not affected. After a few
 * failures each one also holds the pair off for a growing delay, during which an attempt is refused
 * without a check and counted: a guesser gains nothing from parallel connections, and a protocol
 * that cannot make its answer wait (HTTP) is slowed as much as one that can. Counted for names
 * without an account too, so that the answers cannot tell which names exist.
 */
@Entity
@Table(name = "MD_ACCOUNT_CLIENT_FAILURES")
@IdClass(AccountClientLoginFailures.Key.class)
public class AccountClientLoginFailures extends LoginFailureCount {

    @Id
    @Column(name = "ACCOUNT_NAME", length = 320)
    private String account;

    @Id
    @Column(name = "CLIENT_ADDRESS", length = 64)
    private String clientAddress;

    /** No attempt of this pair succeeds before this: the delay after its last failure. */
    private Instant retryAfter;

    protected AccountClientLoginFailures() {
    }

    AccountClientLoginFailures(String account, String clientAddress, Instant now) {
        super(now);
        this.account = account;
        this.clientAddress = clientAddress;
    }

    /** Whether an attempt now comes inside the delay after the last failure (it is refused and counted). */
    boolean heldOffAt(Instant now) {
        return retryAfter != null && retryAfter.isAfter(now);
    }

    /** The next attempt waits {@code delay}. */
    void holdOff(Instant now, Duration delay) {
        retryAfter = now.plus(delay);
    }

    String getAccount() {
        return account;
    }

    String getClientAddress() {
        return clientAddress;
    }

    /** The primary key (JPA id class). */
    public static class Key implements Serializable {

        private String account;
        private String clientAddress;

        public Key() {
        }

        Key(String account, String clientAddress) {
            this.account = account;
            this.clientAddress = clientAddress;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key other && Objects.equals(account, other.account)
                    && Objects.equals(clientAddress, other.clientAddress);
        }

        @Override
        public int hashCode() {
            return Objects.hash(account, clientAddress);
        }
    }
}
