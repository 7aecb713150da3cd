package dev.maildock.ejb.mailbox;

import dev.maildock.ejb.account.Account;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;

/**
 * An IMAP subscription state the account chose for a mailbox name (RFC 9051 section 6.3.7: the
 * name need not exist, so it is kept by name, not by folder). A name without a row is subscribed
 * when it is a standard folder's, so the standard folders are subscribed by default without a row
 * per account.
 */
@Entity
@Table(name = "MD_SUBSCRIPTION", uniqueConstraints = @UniqueConstraint(columnNames = {"ACCOUNT_ID", "NAME"}))
public class Subscription {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(optional = false, fetch = FetchType.LAZY)
    @JoinColumn(name = "ACCOUNT_ID")
    private Account account;

    @Column(name = "NAME", nullable = false, length = 200)
    private String name;

    private boolean subscribed;

    protected Subscription() {
    }

    public Subscription(Account account, String name, boolean subscribed) {
        this.account = account;
        this.name = name;
        this.subscribed = subscribed;
    }

    public String getName() {
        return name;
    }

    public boolean isSubscribed() {
        return subscribed;
    }

    public void setSubscribed(boolean subscribed) {
        this.subscribed = subscribed;
    }
}
