namespace Bob.Git.Abstractions;

/// <summary>Stores sessions and their worktrees. Every read is scoped to one user: another user's id is simply not found.</summary>
public interface ISessionStore
{
    /// <summary>Creates a session.</summary>
    Task<Session> CreateAsync(Guid userId, Guid? repositoryId, string? title, CancellationToken cancellationToken = default);

    /// <summary>The user's session, or <see langword="null"/>.</summary>
    Task<Session?> GetAsync(Guid userId, Guid sessionId, CancellationToken cancellationToken = default);

    /// <summary>The user's sessions, newest first, after <paramref name="after"/> (keyset pagination).</summary>
    Task<IReadOnlyList<Session>> ListAsync(Guid userId, int limit, PageKey? after, CancellationToken cancellationToken = default);

    /// <summary>Records a worktree that was added on disk.</summary>
    Task<Worktree> AddWorktreeAsync(Worktree worktree, CancellationToken cancellationToken = default);

    /// <summary>Whether a worktree of the repository already has the branch (added by any host, whatever its work directory).</summary>
    Task<bool> IsBranchTakenAsync(Guid repositoryId, string branch, CancellationToken cancellationToken = default);

    /// <summary>The user's worktree, or <see langword="null"/>.</summary>
    Task<Worktree?> GetWorktreeAsync(Guid userId, Guid worktreeId, CancellationToken cancellationToken = default);

    /// <summary>The session's worktrees, newest first.</summary>
    Task<IReadOnlyList<Worktree>> ListWorktreesAsync(Guid userId, Guid sessionId, CancellationToken cancellationToken = default);
}
