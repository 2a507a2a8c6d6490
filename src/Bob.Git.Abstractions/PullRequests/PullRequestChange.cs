namespace Bob.Git.Abstractions;

/// <summary>What <see cref="IPullRequestStore.ApplyAsync"/> did.</summary>
/// <param name="PullRequestId">The row.</param>
/// <param name="Changed">Whether the row was inserted or updated (false: the report was stale or identical).</param>
/// <param name="SessionId">The session the pull request belongs to, if any.</param>
public sealed record PullRequestChange(Guid PullRequestId, bool Changed, Guid? SessionId)
{
    /// <summary>Whether the row was inserted, or its status, title, body, head or branches changed (what a person sees).</summary>
    public bool VisibleChange { get; init; }
}
