package dev.maildock.ejb.submission;

/**
 * A submission that passed the policy checks, ready to be committed: where it goes and what its
 * receipt will say. {@link SubmissionService#prepare} makes it; committing its routing (in the
 * caller's transaction, or batched by {@link GroupCommit}) gives the {@link Filing}.
 */
public record PreparedSubmission(RecipientPlan plan, Routing routing) {

    public SubmissionReceipt receipt(Filing filing) {
        return new SubmissionReceipt(plan.local(), plan.remote(), filing.queueId(), filing.sentUid());
    }
}
