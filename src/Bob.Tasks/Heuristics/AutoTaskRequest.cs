namespace Bob.Tasks;

/// <summary>A session's pull request to weigh for an automatic task (the <see cref="TaskRunOutbox.AutoTaskEvent"/> row).</summary>
/// <param name="SessionId">The session.</param>
/// <param name="PullRequestId">The pull request.</param>
/// <param name="UserId">Its user.</param>
/// <param name="Repository">Its repository, <c>owner/name</c>.</param>
/// <param name="Branch">Its head branch.</param>
/// <param name="Title">Its title.</param>
/// <param name="Body">Its description.</param>
/// <param name="Url">Its page.</param>
public sealed record AutoTaskRequest(Guid SessionId, Guid PullRequestId, Guid UserId, string Repository, string Branch, string Title, string? Body, string Url);
