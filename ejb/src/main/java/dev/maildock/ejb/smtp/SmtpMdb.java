package dev.maildock.ejb.smtp;

import dev.maildock.rar.api.ClientInfo;
import dev.maildock.rar.api.ConnectVerdict;
import dev.maildock.rar.api.SmtpListener;
import jakarta.ejb.EJB;
import jakarta.ejb.EJBException;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The SMTP listeners' way into the platform: a thin adapter from the resource adapter's
 * {@link SmtpListener} to the services, which own the transactions.
 */
@MessageDriven
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SmtpMdb implements SmtpListener {

    private static final Logger LOG = Logger.getLogger(SmtpMdb.class.getName());

    @EJB
    private ConnectionPolicy policy;

    @Override
    public ConnectVerdict connect(ClientInfo client) {
        try {
            return policy.admit(client);
        } catch (EJBException | jakarta.persistence.PersistenceException e) {
            LOG.log(Level.WARNING, "MAILDOCK0102W: The mail store did not answer; refusing SMTP clients for now.", e);
            return ConnectVerdict.tryLater(policy.hostname(), "mail store unavailable");
        }
    }
}
