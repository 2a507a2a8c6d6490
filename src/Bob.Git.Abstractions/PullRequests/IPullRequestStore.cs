namespace Bob.Git.Abstractions;

/// <summary>Stores pull requests and commits as providers report them, converging whatever order reports arrive in.</summary>
public interface IPullRequestStore
{
    /// <summary>
    /// Inserts or updates the pull request by its natural key (provider, instance, owner, name, number) for the registered
    /// <paramref name="repository"/>. A report older than the stored state (by the provider's <c>updated_at</c>) changes nothing.
    /// When what a person sees changes (status, title, body, head, branches) and the row is linked to a session, a
    /// <c>pr.updated</c> (or <c>pr.merged</c>) session event is added in the same transaction; a newer report that changes only
    /// the provider's <c>updated_at</c> (a label, an assignee, a review) is stored without one.
    /// </summary>
    Task<PullRequestChange> ApplyAsync(Repository repository, PullRequestInfo pullRequest, CancellationToken cancellationToken = default);

    /// <summary>Upserts pushed commits by sha and links them to the open pull request of <paramref name="branch"/>, if any.</summary>
    Task<int> AddCommitsAsync(Repository repository, string branch, IReadOnlyList<CommitInfo> commits, CancellationToken cancellationToken = default);
}

/// <summary>What <see cref="IPullRequestStore.ApplyAsync"/> did.</summary>
/// <param name="PullRequestId">The row.</param>
/// <param name="Changed">Whether the row was inserted or updated (false: the report was stale or identical).</param>
/// <param name="SessionId">The session the pull request belongs to, if any.</param>
public sealed record PullRequestChange(Guid PullRequestId, bool Changed, Guid? SessionId)
{
    /// <summary>Whether the row was inserted, or its status, title, body, head or branches changed (what a person sees).</summary>
    public bool VisibleChange { get; init; }
}
