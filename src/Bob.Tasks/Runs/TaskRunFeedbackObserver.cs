using Bob.Git.Abstractions;

namespace Bob.Tasks;

/// <summary>
/// Queues, with the session event of a trusted reviewer's review or comment, its hand-over to the session's run's agent
/// (<see cref="TaskRunOutbox.AgentFeedbackEvent"/>) and, for a review that requests changes, the run's tracker comment
/// (<see cref="TaskRunOutbox.ChangesRequestedEvent"/>). Untrusted feedback, deletions, dismissals and reviews that only
/// carry their inline comments (a <c>commented</c> review without a summary) queue nothing. Whether the session has a live
/// run is decided when the rows are processed.
/// </summary>
internal sealed class TaskRunFeedbackObserver : IPullRequestFeedbackObserver
{
    public IReadOnlyList<OutboxMessage> Received(PullRequestFeedbackReceived received)
    {
        ArgumentNullException.ThrowIfNull(received);
        if (!received.Trusted)
        {
            return [];
        }

        switch (received.Feedback)
        {
            case ReviewFeedback { Revision: not PullRequestFeedback.Ended } review
                when review.State is ReviewState.Approved or ReviewState.ChangesRequested || !string.IsNullOrWhiteSpace(review.Body):
                var handOver = new AgentFeedbackPayload(
                    received.SessionId, received.PullRequestId, $"review:{review.ProviderId}", TaskAgentFeedbackKinds.Review, review.Author,
                    review.Body ?? "", null, null, review.Url, review.State.ToWireName(), null);
                return review.State == ReviewState.ChangesRequested
                    ? [TaskRunOutbox.AgentFeedback(handOver), TaskRunOutbox.ChangesRequested(handOver)]
                    : [TaskRunOutbox.AgentFeedback(handOver)];
            case CommentFeedback { Deleted: false } comment:
                return [TaskRunOutbox.AgentFeedback(new AgentFeedbackPayload(
                    received.SessionId, received.PullRequestId, $"comment:{comment.ProviderId}", TaskAgentFeedbackKinds.Comment, comment.Author,
                    comment.Body, comment.Path, comment.Line, comment.Url, null, comment.ProviderId))];
            default:
                return [];
        }
    }
}
