namespace Bob.Git.Abstractions;

/// <summary>A session (a chat conversation, plan 1.6): the unit of work whose commits become a pull request.</summary>
/// <param name="Id">The session id.</param>
/// <param name="UserId">The owner.</param>
/// <param name="RepositoryId">The repository it works on, if any.</param>
/// <param name="Title">Its title, if any; the worktree branch's slug comes from it.</param>
/// <param name="CreatedAt">When it was created (UTC).</param>
public sealed record Session(Guid Id, Guid UserId, Guid? RepositoryId, string? Title, DateTimeOffset CreatedAt);
