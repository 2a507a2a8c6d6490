using Bob.Git.Abstractions;

namespace Bob.Git;

/// <summary>What a push did.</summary>
/// <param name="Branch">The branch pushed.</param>
/// <param name="Sha">The commit the branch points at on the remote now.</param>
/// <param name="PullRequest">The open pull request of the branch.</param>
/// <param name="Created">Whether this push opened it.</param>
public sealed record SessionPushResult(string Branch, string Sha, PullRequest PullRequest, bool Created);
