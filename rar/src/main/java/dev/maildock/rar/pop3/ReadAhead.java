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
 * <p>
 * Once the client reads in order, the next batch is fetched in the background while the cached
 * ones are sent ({@link #nextBatch}), as a file system reads the next window asynchronously: a
 * batch fetched only when the cache ran dry left the socket idle for the round trip, about 0.9 ms
 * every 24 messages, a third of a pipelining client's time (docs/performance.md, POP3).
 * Bounded per session (count and octets, what is cached and what is on its way together), only
 * messages that fit in one retrieve chunk, and dropped as they are used.
 */
final class ReadAhead {

    /*
     * A background batch is what the cache lacks once it is down to half: about MAX_OCTETS / 2.
     * Each batch costs a WorkManager hand-off, an EJB call and a query's set-up: going from 256 to
     * 512 KiB (a dozen 10 KiB messages per batch to two dozen) cut the platform's CPU per message
     * retrieved by 18% (docs/performance.md, POP3).
     */
    static final int MAX_MESSAGES = 64;
    static final int MAX_OCTETS = 512 * 1024;

    private final Map<String, byte[]> fetched = new HashMap<>();
    private long fetchedOctets;
    private int lastAsked = -1;
    private boolean sequential;
    private int window = 1;
    /** The highest message number fetched, or on its way. */
    private int aheadTo;
    /** The batch being fetched in the background, or null. */
    private List<MaildropMessage> arriving;
    /** What the session does once {@link #arriving} is in: a RETR for one of its messages waits for it. */
    private Runnable waiting;

    /** The content fetched ahead for message {@code number}, removed from the cache; null if none. */
    byte[] take(MaildropView maildrop, int number, MaildropMessage message) {
        // In order: the next message after the last one asked for, deleted ones in between skipped.
        sequential = number > lastAsked && lastAsked > 0;
        for (int n = lastAsked + 1; sequential && n < number; n++) {
            sequential = maildrop.isDeleted(n);
        }
        lastAsked = number;
        return remove(message);
    }

    /** The content of a message that arrived while its RETR waited ({@link #whenArrived}); null if none. */
    byte[] takeArrived(MaildropMessage message) {
        return remove(message);
    }

    void forget(MaildropMessage message) {
        remove(message);
    }

    private byte[] remove(MaildropMessage message) {
        byte[] content = fetched.remove(message.id());
        if (content != null) {
            fetchedOctets -= content.length;
        }
        return content;
    }

    /** Whether {@code message} is in the batch being fetched in the background. */
    boolean isArriving(MaildropMessage message) {
        return arriving != null && arriving.contains(message);
    }

    /** Runs {@code then} once the background batch is in (whether or not it brought anything). */
    void whenArrived(Runnable then) {
        waiting = then;
    }

    /**
     * The messages to fetch together when {@code number} (just passed to {@link #take}) is asked for
     * and was not fetched ahead: it, then the following messages not marked deleted, while each
     * fits one {@code chunk} and the batch stays in bounds. Empty when {@code number} itself is too
     * large to fetch whole.
     */
    List<MaildropMessage> batchFrom(MaildropView maildrop, int number, int chunk) {
        window = sequential ? Math.min(window * 2, MAX_MESSAGES) : 1;
        List<MaildropMessage> batch = collect(maildrop, number, chunk, MAX_OCTETS);
        if (!batch.isEmpty()) {
            aheadTo = Math.max(aheadTo, numberAfter(maildrop, number, batch.size()));
        }
        return batch;
    }

    /**
     * The batch to fetch in the background now, or empty: only for a client reading in order,
     * one batch at a time, once the cache is down to half its octets, and never beyond the bounds
     * together with what is cached. The caller fetches it and hands it to {@link #arrived}.
     */
    List<MaildropMessage> nextBatch(MaildropView maildrop, int chunk) {
        if (!sequential || arriving != null || fetchedOctets > MAX_OCTETS / 2 || aheadTo < lastAsked
                || aheadTo >= maildrop.total()) {
            return List.of();
        }
        window = Math.min(window * 2, MAX_MESSAGES);
        List<MaildropMessage> batch = collect(maildrop, aheadTo + 1, chunk, MAX_OCTETS - fetchedOctets);
        if (!batch.isEmpty()) {
            aheadTo = numberAfter(maildrop, aheadTo + 1, batch.size());
            arriving = batch;
        }
        return batch;
    }

    /** The background batch is in ({@code contents} null when the fetch failed); runs the waiting RETR. */
    void arrived(List<MaildropMessage> batch, List<byte[]> contents) {
        if (batch != arriving) {
            return; // cleared meanwhile (QUIT): nothing to keep
        }
        arriving = null;
        if (contents != null) {
            keep(batch, contents, 0);
        }
        Runnable then = waiting;
        waiting = null;
        if (then != null) {
            then.run();
        }
    }

    /** Keeps what arrived for all but the first message of a {@link #batchFrom} batch (being sent now). */
    void keep(List<MaildropMessage> batch, List<byte[]> contents) {
        keep(batch, contents, 1);
    }

    private void keep(List<MaildropMessage> batch, List<byte[]> contents, int from) {
        for (int i = from; i < batch.size() && i < contents.size(); i++) {
            byte[] content = contents.get(i);
            MaildropMessage message = batch.get(i);
            if (content != null && content.length == message.size() && !fetched.containsKey(message.id())) {
                fetched.put(message.id(), content);
                fetchedOctets += content.length;
            }
        }
    }

    void clear() {
        fetched.clear();
        fetchedOctets = 0;
        arriving = null;
        waiting = null;
        aheadTo = 0;
    }

    private List<MaildropMessage> collect(MaildropView maildrop, int from, int chunk, long octetBound) {
        List<MaildropMessage> batch = new ArrayList<>();
        long octets = 0;
        for (int n = from; n <= maildrop.total() && batch.size() < window; n++) {
            if (maildrop.isDeleted(n)) {
                continue;
            }
            MaildropMessage next = maildrop.message(n);
            if (next.size() > chunk || octets + next.size() > octetBound && !batch.isEmpty()
                    || fetched.containsKey(next.id()) || isArriving(next)) {
                break;
            }
            batch.add(next);
            octets += next.size();
        }
        return batch;
    }

    /** The number of the {@code count}-th message not marked deleted from {@code from} on. */
    private static int numberAfter(MaildropView maildrop, int from, int count) {
        int n = from;
        for (int seen = 0; n <= maildrop.total(); n++) {
            if (!maildrop.isDeleted(n) && ++seen == count) {
                return n;
            }
        }
        return maildrop.total();
    }
}
