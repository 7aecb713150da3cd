package dev.maildock.ejb.account;

import java.util.List;

/** An alias as the admin interfaces show it. */
public record AliasView(String address, List<String> targets) {

    static AliasView of(Alias a) {
        return new AliasView(a.getAddress(), a.getTargets());
    }
}
