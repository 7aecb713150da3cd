package dev.maildock.rar.api;

/**
 * What the SMTP listeners ask the mail platform. An MDB implements it; the adapter calls it on a
 * WorkManager thread, one endpoint per call, and never from a socket event loop.
 * Every method is synchronous: its return is the decision the session acts on. A method that
 * throws is answered like {@code TRY_LATER} (4xx), never with a 2xx.
 */
public interface SmtpListener {

    /** A client connected: admit it (with the identity to greet as) or refuse it. */
    ConnectVerdict connect(ClientInfo client);

    /**
     * AUTH (RFC 4954). The session has decoded the SASL exchange; {@code mechanism} is "PLAIN" or
     * "LOGIN". The session only calls this over TLS.
     */
    AuthResult authenticate(ClientInfo client, String mechanism, String user, String password);

    /**
     * MAIL FROM. Syntax, parameters and the size limit have been checked already.
     *
     * @param declaredSize the SIZE= parameter (RFC 1870), or -1 when the client gave none
     */
    Verdict mailFrom(SessionInfo session, ReversePath from, long declaredSize);

    /** RCPT TO: may the session accept mail for this recipient? */
    Verdict rcptTo(SessionInfo session, ReversePath from, ForwardPath to);

    /**
     * The message after the final dot. Return only once the message is durable (the transaction
     * committed): the session answers 250 on {@code ACCEPT}, and that 250 is a promise.
     */
    Verdict deliver(Envelope envelope, MessageData message);
}
