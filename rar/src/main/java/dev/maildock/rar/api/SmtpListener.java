package dev.maildock.rar.api;

/**
 * What the SMTP listeners ask the mail platform. An MDB implements it; the adapter calls it on a
 * WorkManager thread, one endpoint per call, and never from a socket event loop.
 * Every method is synchronous: its return is the decision the session acts on.
 */
public interface SmtpListener {

    /** A client connected: admit it (with the identity to greet as) or refuse it. */
    ConnectVerdict connect(ClientInfo client);
}
