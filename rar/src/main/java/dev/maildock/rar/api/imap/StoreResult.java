package dev.maildock.rar.api.imap;

import java.io.Serializable;
import java.util.List;

/**
 * The answer to a STORE.
 *
 * @param updated  the messages whose flags are now as shown (changed by this STORE), ascending by UID
 * @param modified UIDs left unchanged because their MODSEQ was above UNCHANGEDSINCE (RFC 7162 MODIFIED)
 */
public record StoreResult(List<MessageFlags> updated, long[] modified) implements Serializable {

    public StoreResult {
        updated = List.copyOf(updated);
    }
}
