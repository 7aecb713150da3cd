package dev.maildock.ejb.delivery.remote;

import dev.maildock.ejb.delivery.ClaimedBatch;
import dev.maildock.ejb.delivery.DeliveryStatusNotice;
import dev.maildock.ejb.delivery.OutboundSettings;
import dev.maildock.ejb.delivery.OutboundSettings.TlsPolicy;
import dev.maildock.ejb.delivery.RecipientOutcome;
import dev.maildock.ejb.delivery.RecipientOutcome.Result;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Delivers one claimed batch to the first of its hosts that takes responsibility (RFC 5321
 * section 5.1): a host that cannot be reached, greets with an error, fails TLS or answers MAIL
 * with 4xx is skipped for the next; once a host has answered the recipients, its answers are the
 * outcome. When every host fails, the recipients wait for the next attempt.
 */
public final class SmtpDelivery {

    private static final Logger LOG = Logger.getLogger(SmtpDelivery.class.getName());
    /** At most this many addresses are tried per attempt (Postfix's smtp_mx_address_limit is 5). */
    static final int MAX_HOSTS = 10;
    private static final Map<List<Object>, Session> SESSIONS = new ConcurrentHashMap<>();

    /** What trying one host came to. */
    sealed interface HostAttempt {
    }

    /** The host answered for the recipients (or the message cannot go as it is): these are their outcomes. */
    record Answered(List<RecipientOutcome> outcomes) implements HostAttempt {
    }

    /** The host did not take the mail now; the next one may. */
    record TryNextHost(Deferral why) implements HostAttempt {
    }

    /** No other host is tried in this attempt: every recipient waits for the next one. */
    record Stop(Deferral why) implements HostAttempt {
    }

    /**
     * Why the recipients wait: what their DSN and the queue show.
     *
     * @param host the host that gave the reply, or null (none answered: no connection, a local problem)
     */
    record Deferral(String status, String text, String host) {
    }

    private final ClaimedBatch batch;
    private final boolean smarthost;
    private final OutboundSettings settings;
    private final ConnectionCache kept;
    private final DeliveryTransport.Content content;
    private final SevenBitDowngrade downgrade;
    /** AUTH to the smarthost, or null. */
    private final String user;
    private final String password;

    private SmtpDelivery(ClaimedBatch batch, boolean smarthost, OutboundSettings settings, ConnectionCache kept,
                         DeliveryTransport.Content content, SevenBitDowngrade downgrade) {
        this.batch = batch;
        this.smarthost = smarthost;
        this.settings = settings;
        this.kept = kept;
        this.content = content;
        this.downgrade = downgrade;
        boolean auth = smarthost && settings.smarthostUser() != null;
        this.user = auth ? settings.smarthostUser() : null;
        this.password = auth ? settings.smarthostPassword() : null;
    }

    /**
     * @param smarthost whether {@code hosts} is the configured relay (its TLS policy and AUTH apply)
     * @param kept      connections kept from earlier deliveries: one to the same host is used first,
     *                  and this delivery's connection is kept there when it ends in sync
     */
    public static List<RecipientOutcome> deliver(ClaimedBatch batch, List<MailHost> hosts, boolean smarthost,
                                                 OutboundSettings settings, ConnectionCache kept,
                                                 DeliveryTransport.Content content) {
        try (SevenBitDowngrade downgrade = new SevenBitDowngrade(content)) {
            return tryInTurn(batch, hosts, new SmtpDelivery(batch, smarthost, settings, kept, content, downgrade)::attempt);
        }
    }

    /**
     * RFC 5321 section 5.1: the hosts are tried in order of preference (at most {@link #MAX_HOSTS});
     * on a transient failure at one the next is tried, and the first that answers for the
     * recipients decides their outcome. When none did, every recipient waits, with the last
     * problem (naming the last host that replied at all).
     */
    static List<RecipientOutcome> tryInTurn(ClaimedBatch batch, List<MailHost> hosts, Function<MailHost, HostAttempt> attempt) {
        Deferral why = new Deferral("4.4.1", "no host to try", null);
        for (MailHost host : hosts.subList(0, Math.min(hosts.size(), MAX_HOSTS))) {
            HostAttempt result = attempt.apply(host);
            if (result instanceof Answered answered) {
                return answered.outcomes();
            }
            if (result instanceof Stop stop) {
                return all(batch, Result.DEFERRED, stop.why());
            }
            Deferral next = ((TryNextHost) result).why();
            why = next.host() != null ? next : new Deferral(next.status(), next.text(), why.host());
        }
        return all(batch, Result.DEFERRED, why);
    }

    /** One host: a kept connection to it first; if the peer closed it meanwhile, once more on a new one. */
    private HostAttempt attempt(MailHost host) {
        String connectTo = smarthost ? host.name() : host.address().getHostAddress();
        Object key = ConnectionCache.key(sessionKey(settings, smarthost), connectTo, host.port(), user, password);
        DeliveryTransport reused = kept.take(key);
        if (reused != null) {
            HostAttempt attempt = transaction(host, key, reused, true);
            if (attempt != null) {
                return attempt;
            }
        }
        DeliveryTransport transport = new DeliveryTransport(session(settings, smarthost), settings.timeouts());
        try {
            transport.connect(connectTo, host.port(), user, password);
        } catch (MessagingException e) {
            HostAttempt refused = notConnected(host, transport, e);
            ConnectionCache.quit(transport);
            return refused;
        }
        return transaction(host, key, transport, false);
    }

    /** The host did not take the session (no connection, an error greeting, TLS or AUTH failed): the next one may. */
    private HostAttempt notConnected(MailHost host, DeliveryTransport transport, MessagingException e) {
        int code = transport.getLastReturnCode();
        if (e instanceof AuthenticationFailedException) {
            String reply = RemoteReply.of(code, transport.getLastServerResponse()).text();
            LOG.severe(() -> "MAILDOCK0821E: The smarthost " + host + " refused maildock.smarthost.user "
                    + settings.smarthostUser() + ": " + reply + ". Outbound mail waits in the queue.");
            return new TryNextHost(new Deferral("4.7.0", "smarthost authentication failed: " + reply, host.name()));
        }
        String problem = timedOut(e) ? timeout(transport, host)
                : code > 0 ? RemoteReply.of(code, transport.getLastServerResponse()).text()
                : "connect to " + host + ": " + describe(e);
        LOG.fine(() -> "MAILDOCK0822I: " + host + " did not take the session: " + problem);
        if (smarthost) {
            LOG.warning(() -> "MAILDOCK0823W: The smarthost " + host + " (maildock.smarthost) is not usable: "
                    + problem + ". Outbound mail waits in the queue.");
        }
        return new TryNextHost(new Deferral(code > 0 ? "4.4.0" : "4.4.1", problem,
                code > 0 || timedOut(e) ? host.name() : null));
    }

    /**
     * One mail transaction on a connected transport, which is kept for the next delivery to the
     * host when it ends in sync and closed otherwise.
     *
     * @return null when {@code reused} and the peer had closed the kept connection (nothing of
     * this message reached it)
     */
    private HostAttempt transaction(MailHost host, Object key, DeliveryTransport transport, boolean reused) {
        boolean keep = false;
        try {
            long size = batch.size();
            DeliveryTransport.Content data = content;
            if (!transport.supportsExtension("8BITMIME")) {
                // RFC 6152 section 3: this hop takes 7-bit data only.
                SevenBitDowngrade.Form form;
                try {
                    form = downgrade.form();
                } catch (IOException e) {
                    // The stored message could not be read or written: a local, passing problem.
                    LOG.log(Level.WARNING, "MAILDOCK0828W: Queue entry " + batch.messageId()
                            + " could not be prepared for a 7-bit host; it is tried again later.", e);
                    return new Stop(new Deferral("4.3.0", "local error preparing the 7-bit form: " + describe(e), null));
                } catch (MessagingException e) {
                    return failed(host, "5.6.5", "does not announce 8BITMIME and the message cannot be converted to 7 bit: "
                            + describe(e));
                }
                if (form instanceof SevenBitDowngrade.Refused refused) {
                    return failed(host, "5.6.7", "does not announce 8BITMIME: " + refused.reason());
                }
                if (form instanceof SevenBitDowngrade.Converted converted) {
                    size = converted.size();
                    data = converted::writeTo;
                }
            }
            DeliveryTransport.Result result = transport.send(batch.reversePath(),
                    batch.recipients().stream().map(ClaimedBatch.Recipient::address).toList(),
                    size, batch.eightBit(), data);
            RemoteReply mail = result.mail();
            if (reused && (!transport.mailAnswered() || mail.code() == 421)) {
                LOG.fine(() -> "MAILDOCK0826I: The kept connection to " + host + " was closed by the peer ("
                        + mail.text() + "); opening a new one.");
                return null;
            }
            keep = transport.inSync();
            if (!mail.positive() && !mail.permanent()) {
                // 4xx or a lost connection at MAIL: this host does not take the mail now.
                return new TryNextHost(new Deferral(mail.status(), mail.text(), host.name()));
            }
            return new Answered(outcomes(batch, host, result));
        } catch (MessagingException | IOException | RuntimeException e) {
            if (reused && !transport.mailAnswered()) {
                // Nothing of this message reached the peer: the kept connection had gone stale.
                LOG.log(Level.FINE, "MAILDOCK0827I: The kept connection to " + host + " is gone; opening a new one.", e);
                return null;
            }
            // Lost during the transaction: nothing was confirmed, so every recipient waits.
            LOG.log(Level.FINE, "MAILDOCK0824I: The session with " + host + " broke off.", e);
            return new Stop(new Deferral("4.4.2", timedOut(e) ? timeout(transport, host)
                    : "session with " + host + " broke off while waiting for " + transport.waitingFor() + ": " + describe(e),
                    host.name()));
        } finally {
            if (keep) {
                kept.keep(key, transport);
            } else {
                ConnectionCache.quit(transport);
            }
        }
    }

    /** The message cannot go to {@code host} as it is: every recipient fails. */
    private HostAttempt failed(MailHost host, String status, String problem) {
        return new Answered(all(batch, Result.FAILED, status, "554 " + status + " " + host.name() + " " + problem, host.name()));
    }

    static List<RecipientOutcome> all(ClaimedBatch batch, Result result, String status, String text, String host) {
        return batch.recipients().stream().map(r -> new RecipientOutcome(r.id(), result, status, text, host)).toList();
    }

    private static List<RecipientOutcome> all(ClaimedBatch batch, Result result, Deferral why) {
        return all(batch, result, why.status(), why.text(), why.host());
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** The reply recorded when the peer stayed silent: what was awaited and for how long. */
    private static String timeout(DeliveryTransport transport, MailHost host) {
        return "timeout: " + host + " sent no " + transport.waitingFor().replaceFirst("^the ", "") + " within "
                + transport.waitLimit().toString().substring(2).toLowerCase(Locale.ROOT);
    }

    private static List<RecipientOutcome> outcomes(ClaimedBatch batch, MailHost host, DeliveryTransport.Result result) {
        List<RecipientOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < batch.recipients().size(); i++) {
            long id = batch.recipients().get(i).id();
            RemoteReply reply = !result.mail().positive() ? result.mail()
                    : i < result.rcpt().size() ? result.rcpt().get(i) : RemoteReply.of(-1, null);
            if (reply.positive()) {
                // Accepted at RCPT: the reply to the data decides (null: data not sent).
                reply = result.data() == null ? RemoteReply.of(-1, null) : result.data();
                if (reply.positive() && reply.code() != 250) {
                    reply = new RemoteReply(451, "451 4.5.0 unexpected reply to the data: " + reply.text());
                }
            }
            Result r = reply.positive() ? Result.DELIVERED : reply.permanent() ? Result.FAILED : Result.DEFERRED;
            outcomes.add(new RecipientOutcome(id, r, reply.status(), reply.text(), host.name()));
        }
        return outcomes;
    }

    /**
     * The Angus session for one connection: EHLO name, timeouts, STARTTLS when offered (MX: any
     * certificate, RFC 7435 opportunistic) or as the smarthost's policy says; AUTH only over TLS.
     */
    static Session session(OutboundSettings settings, boolean smarthost) {
        // Sessions are kept: creating one reads the providers' files from the class path each time.
        List<Object> key = sessionKey(settings, smarthost);
        if (SESSIONS.size() > 64) {
            // Only configuration changes add keys; never let them pile up.
            SESSIONS.clear();
        }
        return SESSIONS.computeIfAbsent(key, k -> newSession(settings, smarthost));
    }

    /** What shapes a session: connections made with equal keys are interchangeable. */
    private static List<Object> sessionKey(OutboundSettings settings, boolean smarthost) {
        return List.of(settings.hostname(), settings.timeouts(), smarthost, settings.smarthostTls(),
                settings.smarthostUser() != null);
    }

    private static Session newSession(OutboundSettings settings, boolean smarthost) {
        Properties p = new Properties();
        p.put("mail.smtp.localhost", settings.hostname());
        // mail.smtp.timeout covers the greeting; DeliveryTransport sets the others as the session goes on.
        p.put("mail.smtp.connectiontimeout", String.valueOf(DeliveryTransport.millis(settings.timeouts().connect())));
        p.put("mail.smtp.timeout", String.valueOf(DeliveryTransport.millis(settings.timeouts().greeting())));
        p.put("mail.smtp.writetimeout", String.valueOf(DeliveryTransport.millis(settings.timeouts().dataBlock())));
        p.put("mail.smtp.socketFactory", DeliveryTransport.ThreadSockets.INSTANCE);
        p.put("mail.smtp.socketFactory.fallback", "false");
        p.put("mail.smtp.quitwait", "false");
        p.put("mail.smtp.starttls.enable", "true");
        TlsPolicy policy = smarthost ? settings.smarthostTls() : TlsPolicy.MAY;
        if (smarthost && settings.smarthostUser() != null && policy == TlsPolicy.MAY) {
            // Credentials never travel in clear text.
            policy = TlsPolicy.ENCRYPT;
        }
        if (policy == TlsPolicy.VERIFY) {
            p.put("mail.smtp.starttls.required", "true");
            p.put("mail.smtp.ssl.checkserveridentity", "true");
        } else {
            p.put("mail.smtp.starttls.required", String.valueOf(policy == TlsPolicy.ENCRYPT));
            p.put("mail.smtp.ssl.trust", "*");
            p.put("mail.smtp.ssl.checkserveridentity", "false");
        }
        if (smarthost && settings.smarthostUser() != null) {
            p.put("mail.smtp.auth", "true");
        }
        return Session.getInstance(p);
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return DeliveryStatusNotice.oneLine(message);
    }
}
