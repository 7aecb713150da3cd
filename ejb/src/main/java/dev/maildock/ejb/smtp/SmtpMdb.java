package dev.maildock.ejb.smtp;

import dev.maildock.ejb.listener.ConnectionPolicy;
import dev.maildock.ejb.mailbox.MessageSource;
import dev.maildock.ejb.submission.MailIntake;
import dev.maildock.rar.api.AuthResult;
import dev.maildock.rar.api.ClientInfo;
import dev.maildock.rar.api.ConnectVerdict;
import dev.maildock.rar.api.Envelope;
import dev.maildock.rar.api.ForwardPath;
import dev.maildock.rar.api.MessageData;
import dev.maildock.rar.api.ReversePath;
import dev.maildock.rar.api.SessionInfo;
import dev.maildock.rar.api.SmtpListener;
import dev.maildock.rar.api.Verdict;
import jakarta.ejb.EJB;
import jakarta.ejb.EJBException;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The SMTP listeners' way into the platform: a thin adapter from the resource adapter's
 * {@link SmtpListener} to the services, which own the transactions. A failing service becomes a
 * 4xx verdict, never a 2xx: the client keeps the message and retries.
 */
@MessageDriven
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SmtpMdb implements SmtpListener {

    private static final Logger LOG = Logger.getLogger(SmtpMdb.class.getName());

    @EJB
    private ConnectionPolicy policy;

    @EJB
    private SmtpReception reception;

    @Inject
    private MailIntake intake;

    @Override
    public ConnectVerdict connect(ClientInfo client) {
        try {
            return policy.admit(client);
        } catch (EJBException | PersistenceException e) {
            LOG.log(Level.WARNING, "MAILDOCK0102W: The mail store did not answer; refusing SMTP clients for now.", e);
            return ConnectVerdict.tryLater(policy.hostname(), "mail store unavailable");
        }
    }

    @Override
    public AuthResult authenticate(ClientInfo client, String mechanism, String user, String password) {
        try {
            return reception.authenticate(user, password, client.remote().getAddress().getHostAddress());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "MAILDOCK0107W: SMTP AUTH could not be checked.", e);
            return AuthResult.tryLater();
        }
    }

    @Override
    public Verdict mailFrom(SessionInfo session, ReversePath from, long declaredSize) {
        try {
            return reception.mailFrom(session, from);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "MAILDOCK0108W: SMTP MAIL FROM could not be checked.", e);
            return Verdict.tryLater(null);
        }
    }

    @Override
    public Verdict rcptTo(SessionInfo session, ReversePath from, ForwardPath to) {
        try {
            return reception.rcptTo(session, to);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "MAILDOCK0109W: SMTP RCPT TO could not be checked.", e);
            return Verdict.tryLater(null);
        }
    }

    /**
     * Reads the message inside the call (the adapter deletes its spool file afterwards) and files it
     * through {@link MailIntake}: when this returns ACCEPT, the transaction holding it committed.
     */
    @Override
    public Verdict deliver(Envelope envelope, MessageData message) {
        try {
            // Streamed from the adapter's spool into the BLOB: never whole in the heap. The spool
            // can be read again, so a transaction the database rolled back transiently is retried
            // (the intake's group commit does).
            return intake.receive(envelope, MessageSource.of(message));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "MAILDOCK0110W: A received message could not be stored; answering 451.", e);
            return Verdict.tryLater(null);
        }
    }
}
