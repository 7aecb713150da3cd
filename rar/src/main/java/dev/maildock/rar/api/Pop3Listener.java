package dev.maildock.rar.api;

import java.util.List;
import java.util.Set;

/**
 * What the POP3 listeners ask the mail platform. An MDB implements it; the adapter calls it on a
 * WorkManager thread, one endpoint per call, and never from a socket event loop. Every method is
 * synchronous and runs in its own transaction on the platform's side.
 * <p>
 * Life of a session: {@code connect}; then {@code login}, {@code apop} (possibly several failed
 * attempts) until one returns a {@link Maildrop} with its lock taken; then {@code retrieve} and
 * {@code renew} as the client works; finally exactly one of {@code commit} (the client said QUIT:
 * RFC 1939 UPDATE state) or {@code release} (the session dropped, timed out or failed).
 * A {@code String maildrop} argument is always {@link Maildrop#handle()}.
 */
public interface Pop3Listener {

    /** A client connected: admit it (with the identity to greet as) or refuse it. */
    ConnectVerdict connect(ClientInfo client);

    /**
     * USER/PASS, and AUTH PLAIN with an empty or identical authorization identity. Answer
     * {@code BAD_CREDENTIALS} alike for an unknown user and a wrong password. On {@code OK} the
     * maildrop lock is held until {@code commit} or {@code release} (or the lease runs out).
     */
    LoginResult login(ClientInfo client, String user, String password);

    /**
     * APOP (RFC 1939 section 7): {@code digest} is the lower-case hex MD5 of {@code timestamp}
     * (the greeting's {@code <...>} text, brackets included) followed by the shared secret.
     */
    LoginResult apop(ClientInfo client, String user, String timestamp, String digest);

    /**
     * Up to {@code length} octets of a message's content from {@code offset}: the raw RFC 5322 bytes
     * with CRLF line ends, exactly {@link MaildropMessage#size()} octets in all. The adapter asks in
     * chunks so that no connection holds a whole large message in memory.
     */
    byte[] retrieve(String maildrop, String messageId, long offset, int length);

    /**
     * The whole content of several small messages in one call: the adapter reads ahead for a
     * client that retrieves its maildrop message after message, so most RETRs need no call at all.
     * The result has one entry per id, in the order asked: exactly {@link MaildropMessage#size()}
     * octets, or null for a message this maildrop handle can no longer read.
     */
    List<byte[]> retrieveWhole(String maildrop, List<String> messageIds);

    /** Extends the lock's lease; {@code false} when the lock was lost (lease expired and taken). */
    boolean renew(String maildrop);

    /**
     * UPDATE state: deletes {@code deleted} (message ids) and releases the lock, in one transaction.
     * Returns {@code false}, deleting nothing, when the lock is no longer held by this maildrop handle.
     */
    boolean commit(String maildrop, Set<String> deleted);

    /** Releases the lock without deleting anything: the session ended without QUIT. */
    void release(String maildrop);
}
