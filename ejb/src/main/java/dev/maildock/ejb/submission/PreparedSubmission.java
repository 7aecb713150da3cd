package dev.maildock.ejb.submission;

/**
 * A submission that passed the policy checks, ready to be committed: where it goes and what its
 * receipt will say. {@link SubmissionService#prepare} makes it; committing its routing (batched
 * by {@link GroupCommit}) gives the {@link Filing}.
 *
 * @param plan the recipients as planned, the invalid ones included (left out of a partial send)
 */
public record PreparedSubmission(RecipientPlan plan, Routing routing) {

    public SubmissionReceipt receipt(Filing filing) {
        return new SubmissionReceipt(plan.local(), plan.remote(), plan.invalid(), filing.queueId(), filing.sentUid());
    }
}
