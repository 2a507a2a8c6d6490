namespace Bob.Git.Abstractions;

/// <summary>
/// A delivery that states a pull request as it is after something happened to it: opened, edited, synchronized, closed, merged,
/// reopened, but also labeled, assigned, reviewed and any other action. Every one of them is applied under the
/// newest-<c>updated_at</c>-wins rule, so whichever delivery arrives (or is lost) the stored row converges.
/// </summary>
/// <param name="Repository">The repository.</param>
/// <param name="Action">
/// What happened, for logs: the provider's action in lower snake case, with GitHub's <c>synchronize</c> and <c>merged</c> as the
/// common names (<c>opened</c>, <c>labeled</c>, <c>ready_for_review</c>, ...); for review events the event name and the action
/// (<c>pull_request_review.submitted</c>).
/// </param>
/// <param name="PullRequest">The pull request after the change.</param>
public sealed record PullRequestWebhookEvent(RemoteRepositoryIdentity Repository, string Action, PullRequestInfo PullRequest)
    : GitWebhookEvent(Repository);
