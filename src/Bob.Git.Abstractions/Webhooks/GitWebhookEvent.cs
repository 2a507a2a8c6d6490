namespace Bob.Git.Abstractions;

/// <summary>A provider webhook turned into a provider-neutral event.</summary>
/// <param name="Repository">The repository the event happened in.</param>
public abstract record GitWebhookEvent(RemoteRepositoryIdentity Repository);

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

/// <summary>A push to a branch or tag.</summary>
/// <param name="Repository">The repository.</param>
/// <param name="Ref">The full ref, <c>refs/heads/main</c> or <c>refs/tags/v1</c>.</param>
/// <param name="Before">The ref's previous commit (all zeros when created).</param>
/// <param name="After">The ref's new commit (all zeros when deleted).</param>
/// <param name="Forced">Whether the push rewrote history.</param>
/// <param name="Commits">The pushed commits the payload lists.</param>
public sealed record PushWebhookEvent(RemoteRepositoryIdentity Repository, string Ref, string Before, string After, bool Forced, IReadOnlyList<CommitInfo> Commits)
    : GitWebhookEvent(Repository)
{
    /// <summary>Whether the ref was deleted.</summary>
    public bool Deleted => After.All(c => c == '0');

    /// <summary>Whether the ref is a tag.</summary>
    public bool IsTag => Ref.StartsWith("refs/tags/", StringComparison.Ordinal);
}
