namespace Bob.Git.Abstractions;

/// <summary>A commit of a repository as the suite tracks it.</summary>
/// <param name="Sha">The commit id.</param>
/// <param name="Message">The message.</param>
/// <param name="AuthorName">The author, if known.</param>
/// <param name="CommittedAt">When it was committed (UTC).</param>
/// <param name="PullRequestId">The pull request it belongs to, if known.</param>
/// <param name="PullRequestNumber">That pull request's number.</param>
/// <param name="IsBobCommit">Whether a session pushed it.</param>
public sealed record RepositoryCommit(string Sha, string Message, string? AuthorName, DateTimeOffset CommittedAt, Guid? PullRequestId, int? PullRequestNumber, bool IsBobCommit);
