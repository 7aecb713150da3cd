package dev.maildock.ejb.account;

import java.time.Instant;

/** A domain as the admin interfaces show it. */
public record DomainView(String name, Instant created) {

    static DomainView of(Domain d) {
        return new DomainView(d.getName(), d.getCreated());
    }
}
