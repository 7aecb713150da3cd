package dev.maildock.ejb.submission;

import dev.maildock.ejb.common.MaildockException;

/**
 * A submission with recipients that reach nobody or whose mailbox is full; nothing was delivered
 * or queued (the message names both kinds).
 */
public class RecipientsRefusedException extends MaildockException {

    private final RecipientPlan plan;

    public RecipientsRefusedException(RecipientPlan plan) {
        super(describe(plan));
        this.plan = plan;
    }

    private static String describe(RecipientPlan plan) {
        String invalid = plan.invalid().isEmpty() ? null : "no such recipient: " + String.join(", ", plan.invalid());
        String full = plan.full().isEmpty() ? null : "mailbox full: " + String.join(", ", plan.full());
        return invalid == null ? full : full == null ? invalid : invalid + "; " + full;
    }

    public RecipientPlan getPlan() {
        return plan;
    }
}
