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

    /// <summary>
    /// Upserts commits of <paramref name="pullRequestId"/> by sha, linked to it; with a <paramref name="sessionId"/>, as the
    /// commits that session pushed (<c>is_bob_commit</c>, linked to the session). A commit keeps the links it already had.
    /// </summary>
    Task<int> AddPullRequestCommitsAsync(Repository repository, Guid pullRequestId, Guid? sessionId, IReadOnlyList<CommitInfo> commits, CancellationToken cancellationToken = default);

    /// <summary>The pull requests <paramref name="userId"/> sees that match <paramref name="filter"/>, newest first, after <paramref name="after"/>.</summary>
    Task<IReadOnlyList<PullRequest>> ListAsync(Guid userId, PullRequestFilter filter, int limit, PageKey? after, CancellationToken cancellationToken = default);

    /// <summary>The newest commits of <paramref name="remote"/>, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<RepositoryCommit>> ListCommitsAsync(RemoteRepositoryIdentity remote, int limit, CancellationToken cancellationToken = default);

    /// <summary>Links the pull request to a Kanbanger task (replacing any earlier link); returns whether the row exists.</summary>
    Task<bool> LinkTaskAsync(Guid pullRequestId, string kanbangerTaskId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes a lock on one head branch of one remote that every process and host sharing the store respects, held until the
    /// result is disposed; callers waiting for it hold no database connection. Used to open at most one pull request per head.
    /// </summary>
    Task<IAsyncDisposable> LockHeadAsync(RemoteRepositoryIdentity remote, string headBranch, CancellationToken cancellationToken = default);

    /// <summary>The stored open or draft pull request of <paramref name="headBranch"/>, as <paramref name="userId"/> sees it, or <see langword="null"/>.</summary>
    Task<PullRequest?> FindOpenByHeadAsync(Guid userId, RemoteRepositoryIdentity remote, string headBranch, CancellationToken cancellationToken = default);

    /// <summary>The pull request, when <paramref name="userId"/> registered a repository it belongs to; otherwise <see langword="null"/>.</summary>
    Task<PullRequest?> GetAsync(Guid userId, Guid pullRequestId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Links the pull request to the session when it has none yet, adding the session event <c>pr.created</c>
    /// (<c>{pullRequestId, url, number, title}</c>) in the same transaction; returns whether it linked it now. A pull request
    /// is linked, and announced, once.
    /// </summary>
    Task<bool> LinkSessionAsync(Guid pullRequestId, Guid sessionId, CancellationToken cancellationToken = default);

    /// <summary>The id and session of pull request <paramref name="number"/> of <paramref name="remote"/>, whoever registered it; <see langword="null"/> when none is stored.</summary>
    Task<(Guid Id, Guid? SessionId)?> FindByNumberAsync(RemoteRepositoryIdentity remote, int number, CancellationToken cancellationToken = default);

    /// <summary>The open and draft pull requests of <paramref name="remote"/> whose head is <paramref name="headSha"/>, whoever registered them (issue 21: a check is a head's, not a branch's).</summary>
    Task<IReadOnlyList<(Guid Id, Guid? SessionId)>> FindByHeadShaAsync(RemoteRepositoryIdentity remote, string headSha, CancellationToken cancellationToken = default);
}
