namespace Bob.Git.Abstractions;

/// <summary>The payload of <see cref="SessionEventKinds.ReviewThreadResolved"/>.</summary>
/// <param name="PullRequestId">The pull request.</param>
/// <param name="ThreadId">The provider's thread id.</param>
/// <param name="CommentId">The thread's first comment, if known.</param>
/// <param name="Resolved">Whether it is resolved now.</param>
public sealed record ReviewThreadResolvedEvent(Guid PullRequestId, string ThreadId, string? CommentId, bool Resolved);
