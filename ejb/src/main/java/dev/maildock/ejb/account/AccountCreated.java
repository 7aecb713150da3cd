package dev.maildock.ejb.account;

/**
 * A CDI event fired by {@link AccountService} when it has persisted a new account, so the modules
 * that keep things per account (the mailbox's folders) set them up without this package knowing
 * them. Observers take it with a plain {@code @Observes}: they run in the creating transaction, so
 * an account never exists without its folders, and a failing observer rolls the account back.
 */
public record AccountCreated(Account account) {
}
