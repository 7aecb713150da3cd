package dev.maildock.ejb.account;

/**
 * A CDI event fired by the account services whenever what an address or a domain resolves to may
 * have changed (a domain, account or alias created or deleted, an account enabled or disabled, a quota changed).
 * Caches of those answers observe it after the transaction commits and forget what they knew.
 */
public record DirectoryChanged() {
}
