package dev.maildock.ejb.delivery.remote;

import dev.maildock.ejb.delivery.ClaimedBatch;
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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

    private SmtpDelivery() {
    }

    /**
     * @param smarthost whether {@code hosts} is the configured relay (its TLS policy and AUTH apply)
     * @param kept      connections kept from earlier deliveries: one to the same host is used first,
     *                  and this delivery's connection is kept there when it ends in sync
     */
    public static List<RecipientOutcome> deliver(ClaimedBatch batch, List<MailHost> hosts, boolean smarthost,
                                                 OutboundSettings settings, ConnectionCache kept,
                                                 DeliveryTransport.Content content) {
        String lastProblem = "no host to try";
        String lastStatus = "4.4.1";
        String lastHost = null;
        boolean auth = smarthost && settings.smarthostUser() != null;
        try (SevenBitDowngrade downgrade = new SevenBitDowngrade(content)) {
            hosts:
            for (MailHost host : hosts.subList(0, Math.min(hosts.size(), MAX_HOSTS))) {
                String connectTo = smarthost ? host.name() : host.address().getHostAddress();
                Object key = ConnectionCache.key(sessionKey(settings, smarthost), connectTo, host.port(),
                        auth ? settings.smarthostUser() : null, auth ? settings.smarthostPassword() : null);
                // A kept connection first; if the peer closed it meanwhile, once more on a new one.
                for (DeliveryTransport transport = kept.take(key); ; transport = null) {
                    boolean reused = transport != null;
                    boolean keep = false;
                    if (!reused) {
                        transport = new DeliveryTransport(session(settings, smarthost), settings.timeouts());
                    }
                    try {
                        if (!reused) {
                            try {
                                transport.connect(connectTo, host.port(), auth ? settings.smarthostUser() : null,
                                        auth ? settings.smarthostPassword() : null);
                            } catch (AuthenticationFailedException e) {
                                String reply = RemoteReply.of(transport.getLastReturnCode(), transport.getLastServerResponse()).text();
                                LOG.severe(() -> "MAILDOCK0821E: The smarthost " + host + " refused maildock.smarthost.user "
                                        + settings.smarthostUser() + ": " + reply + ". Outbound mail waits in the queue.");
                                lastProblem = "smarthost authentication failed: " + reply;
                                lastStatus = "4.7.0";
                                lastHost = host.name();
                                continue hosts;
                            } catch (MessagingException e) {
                                int code = transport.getLastReturnCode();
                                lastProblem = timedOut(e) ? timeout(transport, host)
                                        : code > 0 ? RemoteReply.of(code, transport.getLastServerResponse()).text()
                                        : "connect to " + host + ": " + describe(e);
                                lastStatus = code > 0 ? "4.4.0" : "4.4.1";
                                lastHost = code > 0 || timedOut(e) ? host.name() : lastHost;
                                String problem = lastProblem;
                                LOG.fine(() -> "MAILDOCK0822I: " + host + " did not take the session: " + problem);
                                if (smarthost) {
                                    LOG.warning(() -> "MAILDOCK0823W: The smarthost " + host + " (maildock.smarthost) is not usable: "
                                            + problem + ". Outbound mail waits in the queue.");
                                }
                                continue hosts;
                            }
                        }
                        long size = batch.size();
                        DeliveryTransport.Content data = content;
                        if (!transport.supportsExtension("8BITMIME")) {
                            // RFC 6152 section 3: this hop takes 7-bit data only.
                            SevenBitDowngrade.Form form;
                            try {
                                form = downgrade.form();
                            } catch (IOException e) {
                                // The stored message could not be read or written: a local, passing problem.
                                LOG.log(Level.WARNING, "MAILDOCK0805W: Queue entry " + batch.messageId()
                                        + " could not be prepared for a 7-bit host; it is tried again later.", e);
                                return all(batch, Result.DEFERRED, "4.3.0", "local error preparing the 7-bit form: "
                                        + describe(e), null);
                            } catch (MessagingException e) {
                                return all(batch, Result.FAILED, "5.6.5", "554 5.6.5 " + host.name() + " does not announce "
                                        + "8BITMIME and the message cannot be converted to 7 bit: " + describe(e), host.name());
                            }
                            if (form instanceof SevenBitDowngrade.Refused refused) {
                                return all(batch, Result.FAILED, "5.6.7", "554 5.6.7 " + host.name() + " does not announce "
                                        + "8BITMIME: " + refused.reason(), host.name());
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
                            continue;
                        }
                        keep = transport.inSync();
                        if (!mail.positive() && !mail.permanent()) {
                            // 4xx or a lost connection at MAIL: this host does not take the mail now, try the next.
                            lastProblem = mail.text();
                            lastStatus = mail.status();
                            lastHost = host.name();
                            continue hosts;
                        }
                        return outcomes(batch, host, result);
                    } catch (MessagingException | IOException | RuntimeException e) {
                        if (reused && !transport.mailAnswered()) {
                            // Nothing of this message reached the peer: the kept connection had gone stale.
                            LOG.log(Level.FINE, "MAILDOCK0826I: The kept connection to " + host + " is gone; opening a new one.", e);
                            continue;
                        }
                        // Lost during the transaction: nothing was confirmed, so every recipient waits.
                        LOG.log(Level.FINE, "MAILDOCK0824I: The session with " + host + " broke off.", e);
                        lastProblem = timedOut(e) ? timeout(transport, host)
                                : "session with " + host + " broke off while waiting for " + transport.waitingFor() + ": " + describe(e);
                        lastStatus = "4.4.2";
                        lastHost = host.name();
                        break hosts;
                    } finally {
                        if (keep) {
                            kept.keep(key, transport);
                        } else {
                            ConnectionCache.quit(transport);
                        }
                    }
                }
            }
        }
        return all(batch, Result.DEFERRED, lastStatus, lastProblem, lastHost);
    }

    private static List<RecipientOutcome> all(ClaimedBatch batch, Result result, String status, String text, String host) {
        return batch.recipients().stream().map(r -> new RecipientOutcome(r.id(), result, status, text, host)).toList();
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
                + transport.waitLimit().toString().substring(2).toLowerCase(java.util.Locale.ROOT);
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
        return dev.maildock.ejb.delivery.DeliveryStatusNotice.oneLine(message);
    }
}
