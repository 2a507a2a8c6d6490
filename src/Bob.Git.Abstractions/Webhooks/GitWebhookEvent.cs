namespace Bob.Git.Abstractions;

/// <summary>A provider webhook turned into a provider-neutral event.</summary>
/// <param name="Repository">The repository the event happened in.</param>
public abstract record GitWebhookEvent(RemoteRepositoryIdentity Repository);

/// <summary>Something happened to a pull request: opened, edited, synchronized, closed, merged, reopened, ready for review or converted to draft.</summary>
/// <param name="Repository">The repository.</param>
/// <param name="Action">The provider's action name, normalised to lower snake case (<c>opened</c>, <c>ready_for_review</c>, ...).</param>
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
