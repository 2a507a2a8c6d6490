namespace Bob.Git.Abstractions;

/// <summary>A review thread resolved or unresolved.</summary>
/// <param name="ProviderId">The thread's id (GitHub: its node id; GitLab: the discussion id).</param>
/// <param name="Resolved">Whether it is resolved now.</param>
/// <param name="CommentIds">The ids of its comments, first first.</param>
public sealed record ThreadFeedback(string ProviderId, bool Resolved, IReadOnlyList<string> CommentIds)
    : PullRequestFeedback(ProviderId, Edited);
