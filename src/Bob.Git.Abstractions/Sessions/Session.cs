namespace Bob.Git.Abstractions;

/// <summary>A session (a chat conversation, plan 1.6): the unit of work whose commits become a pull request.</summary>
/// <param name="Id">The session id.</param>
/// <param name="UserId">The owner.</param>
/// <param name="RepositoryId">The repository it works on, if any.</param>
/// <param name="Title">Its title, if any; the worktree branch's slug comes from it.</param>
/// <param name="CreatedAt">When it was created (UTC).</param>
public sealed record Session(Guid Id, Guid UserId, Guid? RepositoryId, string? Title, DateTimeOffset CreatedAt);

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

/// <summary>One page of a list, newest first, and the cursor of the next page (<see langword="null"/> on the last).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);
