namespace Bob.Postgres;

/// <summary>The payload of <c>pr.updated</c> and <c>pr.merged</c> session events.</summary>
internal sealed record SessionPullRequestEvent(Guid PullRequestId, string Url, int Number, string Title, string Status);
