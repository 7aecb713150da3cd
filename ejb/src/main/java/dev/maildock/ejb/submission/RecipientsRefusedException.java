package dev.maildock.ejb.submission;

import dev.maildock.ejb.common.MaildockException;

/** A submission with recipients that reach nobody; nothing was delivered or queued. */
public class RecipientsRefusedException extends MaildockException {

    private final RecipientPlan plan;

    public RecipientsRefusedException(RecipientPlan plan) {
        super("no such recipient: " + String.join(", ", plan.invalid()));
        this.plan = plan;
    }

    public RecipientPlan getPlan() {
        return plan;
    }
}
