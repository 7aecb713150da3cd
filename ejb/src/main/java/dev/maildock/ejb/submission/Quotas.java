package dev.maildock.ejb.submission;

import dev.maildock.ejb.account.AccountService;
import dev.maildock.ejb.mailbox.MailboxService;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Soft quota, as Postfix with Dovecot's quota-status service: before a message is accepted, an
 * account whose stored mail is at or over its quota is full and refuses it; a message accepted
 * while there was room is filed even if it crosses the limit. No lock and no counter: usage is the
 * SUM of the account's entry sizes, asked only for accounts that have a quota (the quota itself
 * comes from {@link ResolutionCache}, so an unlimited account costs no query at all).
 */
@ApplicationScoped
public class Quotas {

    @EJB
    private AccountService accounts;

    @EJB
    private MailboxService mailboxes;

    @Inject
    private ResolutionCache cache;

    /** The accounts (lower-case addresses, as {@link Recipients#resolve} gives them) that still have room. */
    public Set<String> withRoom(Set<String> targets) {
        Set<String> room = new LinkedHashSet<>();
        for (String account : targets) {
            if (!full(account)) {
                room.add(account);
            }
        }
        return room;
    }

    /** Whether the account has a quota and its stored mail is at or over it. */
    public boolean full(String account) {
        return full(account, 0);
    }

    /**
     * Whether the last of several messages accepted at once (an IMAP MULTIAPPEND) would find the
     * account full: the soft quota applied to each in turn, {@code ahead} the octets of the others.
     */
    public boolean full(String account, long ahead) {
        long limit = cache.quota(account, () -> accounts.quotaBytes(account));
        return limit > 0 && mailboxes.usage(account) + ahead >= limit;
    }
}
