package dev.maildock.ejb.pop3;

import dev.maildock.ejb.account.LoginGuard;
import dev.maildock.ejb.account.LoginVerdict;
import dev.maildock.ejb.listener.ConnectionPolicy;
import dev.maildock.ejb.mailbox.MaildropService;
import dev.maildock.ejb.mailbox.OpenedMaildrop;
import dev.maildock.rar.api.ClientInfo;
import dev.maildock.rar.api.ConnectVerdict;
import dev.maildock.rar.api.LoginResult;
import dev.maildock.rar.api.Maildrop;
import dev.maildock.rar.api.MaildropMessage;
import dev.maildock.rar.api.Pop3Listener;
import jakarta.ejb.EJB;
import jakarta.ejb.EJBException;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.PersistenceException;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The POP3 listeners' way into the platform: a thin adapter from {@link Pop3Listener} to the
 * account and maildrop services, which own the transactions.
 */
@MessageDriven
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Pop3Mdb implements Pop3Listener {

    /** How long a maildrop lock holds without renewal: a crashed node's sessions free it after this. */
    static final Duration LEASE = Duration.ofMinutes(2);

    private static final Logger LOG = Logger.getLogger(Pop3Mdb.class.getName());

    @EJB
    private ConnectionPolicy policy;

    @EJB
    private LoginGuard logins;

    @EJB
    private MaildropService maildrops;

    @Override
    public ConnectVerdict connect(ClientInfo client) {
        try {
            return policy.admit(client);
        } catch (EJBException | PersistenceException e) {
            LOG.log(Level.WARNING, "MAILDOCK0221W: The mail store did not answer; refusing POP3 clients for now.", e);
            return ConnectVerdict.tryLater(policy.hostname(), "mail store unavailable");
        }
    }

    @Override
    public LoginResult login(ClientInfo client, String user, String password) {
        return open(() -> logins.check(user, password, clientAddress(client)));
    }

    /**
     * APOP (RFC 1939 section 7) for accounts that have an APOP secret (set by the admin API; it
     * is stored as given because the server must compute the digest). The check and the lockout
     * are {@link LoginGuard}'s, shared with every other login.
     */
    @Override
    public LoginResult apop(ClientInfo client, String user, String timestamp, String digest) {
        return open(() -> logins.checkApop(user, timestamp, digest, clientAddress(client)));
    }

    private LoginResult open(Supplier<LoginVerdict> login) {
        try {
            LoginVerdict verdict = login.get();
            return verdict.account()
                    .map(address -> maildrops.open(address, LEASE)
                            .map(opened -> LoginResult.ok(toMaildrop(opened)))
                            .orElseGet(LoginResult::inUse))
                    .orElseGet(() -> LoginResult.badCredentials(verdict.failureDelay()));
        } catch (EJBException | PersistenceException e) {
            // Includes two nodes creating the same account's first lock row at once: the loser
            // is told to try again, which then finds the lock held or free.
            LOG.log(Level.WARNING, "MAILDOCK0222W: A POP3 login could not be completed; answering [SYS/TEMP].", e);
            return LoginResult.temporarilyUnavailable();
        }
    }

    @Override
    public byte[] retrieve(String maildrop, String messageId, long offset, int length) {
        return maildrops.read(maildrop, Long.parseLong(messageId), offset, length);
    }

    @Override
    public List<byte[]> retrieveWhole(String maildrop, List<String> messageIds) {
        return maildrops.readWhole(maildrop, messageIds.stream().map(Long::valueOf).toList());
    }

    @Override
    public boolean renew(String maildrop) {
        return maildrops.renew(maildrop, LEASE);
    }

    @Override
    public boolean commit(String maildrop, Set<String> deleted) {
        return maildrops.commit(maildrop, deleted.stream().map(Long::valueOf).collect(Collectors.toSet()));
    }

    @Override
    public void release(String maildrop) {
        maildrops.release(maildrop);
    }

    private static String clientAddress(ClientInfo client) {
        return client.remote() == null ? "unknown" : client.remote().getAddress().getHostAddress();
    }

    private static Maildrop toMaildrop(OpenedMaildrop opened) {
        return new Maildrop(opened.handle(), opened.entries().stream()
                .map(e -> new MaildropMessage(Long.toString(e.entryId()), e.uidl(), e.size()))
                .toList(), LEASE);
    }
}
