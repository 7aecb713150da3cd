package dev.maildock.provider;

import dev.maildock.provider.spi.GatewayException;
import dev.maildock.provider.spi.SendReceipt;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.URLName;
import jakarta.mail.event.TransportEvent;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Transport for protocol "maildock": hands the message to Maildock's submission path in this JVM
 * (the policy, trace field, local delivery, outbound queue and Sent copy of SMTP AUTH submission),
 * no socket. Session properties:
 * <ul>
 * <li>{@code mail.maildock.saveSent} (default true): keep a copy in the sender's Sent folder;</li>
 * <li>{@code mail.maildock.sendpartial} (default false): like {@code mail.smtp.sendpartial}, send
 * to the valid recipients when some are invalid (then SendFailedException lists them);</li>
 * <li>{@code mail.maildock.from}: the envelope sender; default the message's first From address,
 * else the account.</li>
 * </ul>
 */
public class MaildockTransport extends Transport {

    private Link link;
    private String account;
    private SendReceipt lastReceipt;

    public MaildockTransport(Session session, URLName url) {
        super(session, url);
    }

    @Override
    protected boolean protocolConnect(String host, int port, String user, String password) throws MessagingException {
        link = Link.open(session, user, password);
        if (link == null) {
            return false;
        }
        account = link.call((g, t) -> g.account(t));
        return true;
    }

    @Override
    public void sendMessage(Message message, Address[] addresses) throws MessagingException {
        if (!isConnected() || link == null) {
            throw new IllegalStateException("not connected");
        }
        if (!(message instanceof MimeMessage mime)) {
            throw new MessagingException("the maildock transport sends MIME messages (MimeMessage) only");
        }
        if (addresses == null || addresses.length == 0) {
            throw new SendFailedException("no recipient addresses");
        }
        HeaderGuard.check(mime);
        Map<String, Address> byText = new LinkedHashMap<>();
        List<Address> unusable = new ArrayList<>();
        for (Address a : addresses) {
            if (a instanceof InternetAddress ia && ia.getAddress() != null && !ia.isGroup()) {
                byText.putIfAbsent(ia.getAddress(), a);
            } else {
                unusable.add(a);
            }
        }
        if (!unusable.isEmpty()) {
            fail("not an Internet mail address: " + unusable, List.of(), new ArrayList<>(byText.values()), unusable,
                    message);
        }
        byte[] raw = Messages.bytes(mime);
        String reversePath = reversePath(mime);
        boolean saveSent = flag("mail.maildock.saveSent", true);
        boolean partial = flag("mail.maildock.sendpartial", false);
        SendReceipt receipt;
        try {
            receipt = link.raw((g, t) -> g.send(t, reversePath, List.copyOf(byText.keySet()), raw, saveSent, partial));
        } catch (GatewayException e) {
            if (e.reason() == GatewayException.Reason.RECIPIENTS_REFUSED
                    || e.reason() == GatewayException.Reason.SENDER_NOT_OWNED
                    || e.reason() == GatewayException.Reason.MESSAGE_TOO_LARGE) {
                // As SMTPTransport after a 553 to MAIL or a 552 to the data: every address was
                // fine and none got the message.
                List<Address> valid = e.reason() == GatewayException.Reason.RECIPIENTS_REFUSED
                        ? pick(byText, e.valid()) : new ArrayList<>(byText.values());
                fail(e.getMessage(), List.of(), valid, pick(byText, e.invalid()), message);
            }
            throw Link.translate(e);
        }
        lastReceipt = receipt;
        List<Address> sent = new ArrayList<>(pick(byText, receipt.delivered()));
        sent.addAll(pick(byText, receipt.queued()));
        if (!receipt.invalid().isEmpty()) {
            List<Address> invalid = pick(byText, receipt.invalid());
            notifyTransportListeners(TransportEvent.MESSAGE_PARTIALLY_DELIVERED, sent.toArray(new Address[0]),
                    new Address[0], invalid.toArray(new Address[0]), message);
            // As SMTPTransport with sendpartial: the valid ones got it, the exception names the rest.
            throw new SendFailedException("sent to the valid recipients only; invalid: " + receipt.invalid(), null,
                    sent.toArray(new Address[0]), new Address[0], invalid.toArray(new Address[0]));
        }
        notifyTransportListeners(TransportEvent.MESSAGE_DELIVERED, sent.toArray(new Address[0]), new Address[0],
                new Address[0], message);
    }

    /** What the last successful sendMessage did: delivered, queued, the queue entry and Sent UID. */
    public SendReceipt getLastReceipt() {
        return lastReceipt;
    }

    /** Recipient states ("address STATUS") of a queued message this account submitted. */
    public List<String> queueStatus(long queueId) throws MessagingException {
        if (link == null) {
            throw new IllegalStateException("not connected");
        }
        return link.call((g, t) -> g.queueStatus(t, queueId));
    }

    @Override
    public synchronized void close() throws MessagingException {
        link = null;
        super.close();
    }

    private void fail(String text, List<Address> sent, List<Address> unsent, List<Address> invalid, Message message)
            throws SendFailedException {
        Address[] s = sent.toArray(new Address[0]);
        Address[] u = unsent.toArray(new Address[0]);
        Address[] i = invalid.toArray(new Address[0]);
        notifyTransportListeners(TransportEvent.MESSAGE_NOT_DELIVERED, s, u, i, message);
        throw new SendFailedException(text, null, s, u, i);
    }

    private String reversePath(MimeMessage message) throws MessagingException {
        String configured = session.getProperty("mail.maildock.from");
        if (configured != null && !configured.isBlank()) {
            return new InternetAddress(configured.trim()).getAddress();
        }
        Address[] from = message.getFrom();
        if (from != null && from.length > 0 && from[0] instanceof InternetAddress ia && ia.getAddress() != null) {
            return ia.getAddress();
        }
        return account;
    }

    private boolean flag(String name, boolean fallback) {
        String value = session.getProperty(name);
        return value == null || value.isBlank() ? fallback : Boolean.parseBoolean(value.trim().toLowerCase(Locale.ROOT));
    }

    private static List<Address> pick(Map<String, Address> byText, List<String> texts) {
        List<Address> out = new ArrayList<>();
        for (String text : texts) {
            Address a = byText.get(text);
            out.add(a != null ? a : plain(text));
        }
        return out;
    }

    private static Address plain(String text) {
        InternetAddress a = new InternetAddress();
        a.setAddress(text);
        return a;
    }
}
