package dev.maildock.rar.pop3;

import dev.maildock.rar.api.MaildropMessage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Messages fetched before the client asked for them. Clients mostly download a maildrop in order,
 * RETR 1, RETR 2, ...; one platform call for the next few small messages instead of one per
 * message takes a thread hand-off and a database round trip off most RETRs. Bounded per session
 * (count and octets), only messages that fit in one retrieve chunk, and dropped as they are used.
 */
final class ReadAhead {

    static final int MAX_MESSAGES = 32;
    static final int MAX_OCTETS = 256 * 1024;

    private final Map<String, byte[]> fetched = new HashMap<>();

    /** The content fetched ahead for this message, removed from the cache; null if none. */
    byte[] take(MaildropMessage message) {
        return fetched.remove(message.id());
    }

    void forget(MaildropMessage message) {
        fetched.remove(message.id());
    }

    /**
     * The messages to fetch together when {@code number} is asked for: it, then the following
     * messages not marked deleted, while each fits one {@code chunk} and the batch stays in
     * bounds. Empty when {@code number} itself is too large to fetch whole.
     */
    List<MaildropMessage> batchFrom(MaildropView maildrop, int number, int chunk) {
        List<MaildropMessage> batch = new ArrayList<>();
        long octets = 0;
        for (int n = number; n <= maildrop.total() && batch.size() < MAX_MESSAGES; n++) {
            if (maildrop.isDeleted(n)) {
                continue;
            }
            MaildropMessage next = maildrop.message(n);
            if (next.size() > chunk || octets + next.size() > MAX_OCTETS && !batch.isEmpty()
                    || fetched.containsKey(next.id())) {
                break;
            }
            batch.add(next);
            octets += next.size();
        }
        return batch;
    }

    /** Keeps what arrived for all but the first message (which is being sent now). */
    void keep(List<MaildropMessage> batch, List<byte[]> contents) {
        for (int i = 1; i < batch.size() && i < contents.size(); i++) {
            byte[] content = contents.get(i);
            if (content != null && content.length == batch.get(i).size()) {
                fetched.put(batch.get(i).id(), content);
            }
        }
    }

    void clear() {
        fetched.clear();
    }
}
