namespace Bob.Git.Abstractions;

/// <summary>
/// A review, comment or thread change on pull request <paramref name="Number"/> of <paramref name="Repository"/>. When
/// the delivery also states the pull request as it is now (GitHub's review events do), <see cref="PullRequest"/> holds it.
/// </summary>
/// <param name="Repository">The repository.</param>
/// <param name="Number">The pull request's number.</param>
/// <param name="Action">The provider's event and action, such as <c>pull_request_review.submitted</c>.</param>
/// <param name="Feedback">What was said.</param>
public sealed record PullRequestFeedbackWebhookEvent(RemoteRepositoryIdentity Repository, int Number, string Action, PullRequestFeedback Feedback)
    : GitWebhookEvent(Repository)
{
    /// <summary>The pull request as the delivery states it, when it does.</summary>
    public PullRequestInfo? PullRequest { get; init; }
}
