package dev.maildock.ejb.delivery;

import dev.maildock.ejb.mailbox.ContentStore;
import dev.maildock.ejb.submission.MailIntake;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Logger;

/**
 * Sends DSNs (RFC 3464) from MAILER-DAEMON to a queued message's reverse path, in the caller's
 * transaction, through the door all mail comes in by ({@link MailIntake#notice}): a local sender
 * gets it in the INBOX, a remote one through the queue, both with the null reverse path {@code <>}
 * (RFC 5321 section 4.5.5), so a notice that cannot be delivered never causes another: no bounce
 * loops.
 */
@Stateless
public class DeliveryNotices {

    private static final Logger LOG = Logger.getLogger(DeliveryNotices.class.getName());
    /** The original header section is returned up to this size (RFC 3462 allows headers only). */
    private static final int MAX_HEADERS = 64 * 1024;

    @Inject
    private MailIntake intake;

    @Inject
    private ContentStore store;

    /** Tells the sender these recipients failed for good (postmaster gets a copy when configured). */
    public void failed(OutboundMessage message, long contentId, List<OutboundRecipient> failed, OutboundSettings settings) {
        send(DeliveryStatusNotice.Kind.FAILURE, message, contentId, failed, settings);
    }

    /** Tells the sender these recipients are still being tried (once per message). */
    public void delayed(OutboundMessage message, long contentId, List<OutboundRecipient> waiting, OutboundSettings settings) {
        send(DeliveryStatusNotice.Kind.DELAY, message, contentId, waiting, settings);
    }

    private void send(DeliveryStatusNotice.Kind kind, OutboundMessage message, long contentId,
                      List<OutboundRecipient> about, OutboundSettings settings) {
        if (message.hasNullReversePath()) {
            LOG.info(() -> "MAILDOCK0810I: Queue entry " + message.getId() + " has the null sender <>: no " + kind
                    + " notice is sent for " + about.size() + " recipient(s) (RFC 5321 section 4.5.5).");
            return;
        }
        Instant retryUntil = message.getCreated().plus(settings.lifetime());
        List<DeliveryStatusNotice.Entry> entries = about.stream().map(r -> new DeliveryStatusNotice.Entry(
                r.getAddress(), r.getStatusCode(), r.getLastReply(), r.getRemoteMta(), r.getLastAttempt(), retryUntil)).toList();
        byte[] notice = DeliveryStatusNotice.build(kind, settings.hostname(), message.getReversePath(),
                message.getCreated(), entries, originalHeaders(contentId), Instant.now());

        boolean postmasterCopy = kind == DeliveryStatusNotice.Kind.FAILURE && settings.postmasterCopy();
        if (!intake.notice(message.getReversePath(), notice, postmasterCopy, message.isEightBit())) {
            LOG.warning(() -> "MAILDOCK0811W: The " + kind + " notice for queue entry " + message.getId()
                    + " reaches nobody: its sender <" + DeliveryStatusNotice.oneLine(message.getReversePath())
                    + "> is a local address without an account. The notice is dropped.");
            return;
        }
        LOG.info(() -> "MAILDOCK0812I: A " + kind + " notice for queue entry " + message.getId() + " ("
                + about.size() + " recipient(s)) went to <" + DeliveryStatusNotice.oneLine(message.getReversePath()) + ">.");
    }

    /** The original header section (up to the blank line), CRLF lines, at most {@value #MAX_HEADERS} octets. */
    private byte[] originalHeaders(long contentId) {
        byte[] head = store.read(contentId, 0, MAX_HEADERS);
        for (int i = 0; i + 3 < head.length; i++) {
            if (head[i] == '\r' && head[i + 1] == '\n' && head[i + 2] == '\r' && head[i + 3] == '\n') {
                return Arrays.copyOf(head, i + 2);
            }
        }
        for (int i = head.length - 1; i > 0; i--) {
            if (head[i] == '\n') {
                return Arrays.copyOf(head, i + 1);
            }
        }
        return new byte[0];
    }
}
