namespace Bob.Git.Abstractions;

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
