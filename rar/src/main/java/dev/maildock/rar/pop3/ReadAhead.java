package dev.maildock.rar.pop3;

import dev.maildock.rar.api.MaildropMessage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Messages fetched before the client asked for them. Clients mostly download a maildrop in order,
 * RETR 1, RETR 2, ...; one platform call for the next few small messages instead of one per
 * message takes a thread hand-off and a database round trip off most RETRs. Like a file system's
 * read-ahead, the window starts at one message and doubles while the client keeps reading the
 * next message, so a client that picks messages at random fetches nothing it does not use.
 * Bounded per session (count and octets), only messages that fit in one retrieve chunk, and
 * dropped as they are used.
 */
final class ReadAhead {

    static final int MAX_MESSAGES = 32;
    static final int MAX_OCTETS = 256 * 1024;

    private final Map<String, byte[]> fetched = new HashMap<>();
    private int lastAsked = -1;
    private boolean sequential;
    private int window = 1;

    /** The content fetched ahead for message {@code number}, removed from the cache; null if none. */
    byte[] take(MaildropView maildrop, int number, MaildropMessage message) {
        // In order: the next message after the last one asked for, deleted ones in between skipped.
        sequential = number > lastAsked && lastAsked > 0;
        for (int n = lastAsked + 1; sequential && n < number; n++) {
            sequential = maildrop.isDeleted(n);
        }
        lastAsked = number;
        return fetched.remove(message.id());
    }

    void forget(MaildropMessage message) {
        fetched.remove(message.id());
    }

    /**
     * The messages to fetch together when {@code number} (just passed to {@link #take}) is asked for: it, then the following
     * messages not marked deleted, while each fits one {@code chunk} and the batch stays in
     * bounds. Empty when {@code number} itself is too large to fetch whole.
     */
    List<MaildropMessage> batchFrom(MaildropView maildrop, int number, int chunk) {
        window = sequential ? Math.min(window * 2, MAX_MESSAGES) : 1;
        List<MaildropMessage> batch = new ArrayList<>();
        long octets = 0;
        for (int n = number; n <= maildrop.total() && batch.size() < window; n++) {
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
