namespace Bob.Git.Abstractions;

/// <summary>A git worktree of a session's repository, on its own branch.</summary>
/// <param name="Id">The worktree id.</param>
/// <param name="UserId">The owner.</param>
/// <param name="RepositoryId">The repository.</param>
/// <param name="SessionId">The session.</param>
/// <param name="Path">Its directory on the host.</param>
/// <param name="Branch">Its branch, <c>bob/{sessionIdShort}/{slug}</c>.</param>
/// <param name="BaseBranch">The remote branch it started from.</param>
/// <param name="BaseSha">The commit it started from.</param>
/// <param name="CreatedAt">When it was added (UTC).</param>
public sealed record Worktree(Guid Id, Guid UserId, Guid RepositoryId, Guid SessionId, string Path, string Branch, string BaseBranch, string BaseSha, DateTimeOffset CreatedAt);
