package dev.maildock.ejb.mailbox;

import dev.maildock.ejb.account.DirectoryChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The row id of each account's INBOX, so a delivery locks its INBOX with one statement by primary
 * key instead of a join query and then a lock. An INBOX keeps its id for the account's life and
 * ids are never reused, so an id can only go stale by the account's deletion: then the row is gone
 * and the caller looks the folder up again. Forgotten whenever the directory changes here.
 */
@ApplicationScoped
class InboxIds {

    private static final int MAX_ENTRIES = 10_000;

    private final Map<String, Long> ids = new ConcurrentHashMap<>();

    Long get(String address) {
        return ids.get(address);
    }

    void put(String address, long id) {
        if (ids.size() >= MAX_ENTRIES) {
            ids.clear();
        }
        ids.put(address, id);
    }

    void forget(String address) {
        ids.remove(address);
    }

    void changed(@Observes(during = TransactionPhase.AFTER_SUCCESS) DirectoryChanged event) {
        ids.clear();
    }
}
