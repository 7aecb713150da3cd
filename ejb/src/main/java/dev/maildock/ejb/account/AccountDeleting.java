package dev.maildock.ejb.account;

/**
 * A CDI event fired by {@link AccountService} just before it removes an account, so the modules
 * that keep things per account (the mailbox's folders and mail) delete them first: their rows
 * refer to the account's. Observers take it with a plain {@code @Observes}: they run in the
 * deleting transaction, so the account and its mail go together or not at all.
 */
public record AccountDeleting(Account account) {
}
