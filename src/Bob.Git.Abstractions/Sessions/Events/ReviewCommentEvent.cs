namespace Bob.Git.Abstractions;

/// <summary>The payload of <see cref="SessionEventKinds.ReviewComment"/>.</summary>
/// <param name="PullRequestId">The pull request.</param>
/// <param name="CommentId">The provider's comment id.</param>
/// <param name="Kind"><c>inline</c> or <c>conversation</c>.</param>
/// <param name="Path">The file of an inline comment.</param>
/// <param name="Line">Its line, when named.</param>
/// <param name="InReplyTo">The comment it answers, if any.</param>
/// <param name="Author">The author's login.</param>
/// <param name="Body">The text.</param>
/// <param name="Url">Its web page, or empty.</param>
/// <param name="Trusted">Whether the author may write to the repository (only then does it steer the agent).</param>
public sealed record ReviewCommentEvent(Guid PullRequestId, string CommentId, string Kind, string? Path, int? Line, string? InReplyTo, string Author, string Body, string Url, bool Trusted);
