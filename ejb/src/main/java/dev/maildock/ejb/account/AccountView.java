package dev.maildock.ejb.account;

import java.time.Instant;

/** An account as the admin interfaces show it; never carries the password hash. */
public record AccountView(String address, String displayName, boolean enabled, long quotaBytes, Instant created) {

    static AccountView of(Account a) {
        return new AccountView(a.getAddress(), a.getDisplayName(), a.isEnabled(), a.getQuotaBytes(), a.getCreated());
    }
}
