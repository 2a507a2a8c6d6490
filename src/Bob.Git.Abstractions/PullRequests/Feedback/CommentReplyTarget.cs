namespace Bob.Git.Abstractions;

/// <summary>The comment a reply answers, and the thread it belongs to, as the provider knows them.</summary>
/// <param name="CommentId">The provider's id of the comment answered.</param>
/// <param name="Kind">Whether it is inline (a review thread, a GitLab diff discussion) or in the conversation.</param>
/// <param name="ThreadId">Its thread: GitHub the thread's first comment id, GitLab the discussion id; <see langword="null"/> when it has none.</param>
/// <param name="ThreadNodeId">GitHub's GraphQL node id of its review thread (<c>PRRT_…</c>) when known; otherwise it is looked up to resolve the thread.</param>
public sealed record CommentReplyTarget(string CommentId, CommentKind Kind, string? ThreadId, string? ThreadNodeId = null);
