package dev.maildock.ejb.delivery;

import java.io.Serializable;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * One queued message as the admin API shows it.
 *
 * @param attempts    the most attempts any recipient has had
 * @param nextAttempt the earliest next attempt of a recipient still queued, or null
 */
public record QueueEntryView(long id, String sender, Instant created, long size, int attempts, Instant nextAttempt,
                             List<RecipientView> recipients) implements Serializable {

    /** One recipient: its status (QUEUED, DELIVERED, FAILED, CANCELLED) and what the last attempt got. */
    public record RecipientView(String address, RecipientStatus status, int attempts, Instant nextAttempt,
                                Instant lastAttempt, String lastReply, String statusCode, String remoteMta)
            implements Serializable {
    }

    static QueueEntryView of(OutboundMessage m) {
        List<RecipientView> recipients = m.getRecipients().stream().map(r -> new RecipientView(r.getAddress(),
                r.getStatus(), r.getAttempts(), r.getStatus() == RecipientStatus.QUEUED ? r.getNextAttempt() : null,
                r.getLastAttempt(), r.getLastReply(), r.getStatusCode(), r.getRemoteMta())).toList();
        return new QueueEntryView(m.getId(), m.getReversePath(), m.getCreated(), m.getSize(),
                recipients.stream().mapToInt(RecipientView::attempts).max().orElse(0),
                recipients.stream().map(RecipientView::nextAttempt).filter(Objects::nonNull)
                        .min(Comparator.naturalOrder()).orElse(null),
                recipients);
    }
}
