package dev.maildock.rar.smtp;

import dev.maildock.rar.api.ForwardPath;
import dev.maildock.rar.api.ReversePath;

import java.util.ArrayList;
import java.util.List;

/**
 * The mail transaction in progress (RFC 5321 section 3.3): from an accepted MAIL to the end of
 * DATA, RSET, HELO/EHLO or STARTTLS. Only the recipients the platform accepted are kept.
 */
final class Transaction {

    private final String id;
    private final ReversePath reversePath;
    private final long declaredSize;
    private final boolean eightBit;
    private final List<ForwardPath> recipients = new ArrayList<>();

    Transaction(String id, ReversePath reversePath, long declaredSize, boolean eightBit) {
        this.id = id;
        this.reversePath = reversePath;
        this.declaredSize = declaredSize;
        this.eightBit = eightBit;
    }

    String id() {
        return id;
    }

    ReversePath reversePath() {
        return reversePath;
    }

    long declaredSize() {
        return declaredSize;
    }

    boolean eightBit() {
        return eightBit;
    }

    List<ForwardPath> recipients() {
        return List.copyOf(recipients);
    }

    int recipientCount() {
        return recipients.size();
    }

    void addRecipient(ForwardPath recipient) {
        recipients.add(recipient);
    }
}
