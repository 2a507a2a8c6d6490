namespace Bob.Tasks;

/// <summary>A task run: one Kanbanger task assigned to Bob, from assignment to a merged pull request or a stop.</summary>
/// <param name="Id">The run id.</param>
/// <param name="UserId">The Bob user it was assigned to (<see langword="null"/>: the assignee is no Bob user, and the run failed saying so).</param>
/// <param name="WorkspaceId">The Kanbanger workspace.</param>
/// <param name="TaskId">The Kanbanger task id.</param>
/// <param name="TaskIdentifier">The task's human identifier, such as <c>BOB-42</c>.</param>
/// <param name="Title">The task's title as it was at assignment.</param>
/// <param name="Status">Where the run is.</param>
/// <param name="Version">How many transitions it has had (the optimistic concurrency token).</param>
/// <param name="BlockedReason">Why it is blocked, while it is.</param>
/// <param name="FailureReason">Why it failed, if it did.</param>
/// <param name="SessionId">Its session.</param>
/// <param name="RepositoryId">Its repository.</param>
/// <param name="PullRequestId">Its pull request, once opened.</param>
/// <param name="CreatedAt">When it was assigned (UTC).</param>
public sealed record TaskRun(
    Guid Id,
    Guid? UserId,
    string WorkspaceId,
    string TaskId,
    string TaskIdentifier,
    string? Title,
    TaskRunStatus Status,
    int Version,
    string? BlockedReason,
    string? FailureReason,
    Guid? SessionId,
    Guid? RepositoryId,
    Guid? PullRequestId,
    DateTimeOffset CreatedAt)
{
    /// <summary>The task's description as it was at assignment.</summary>
    public string? Description { get; init; }

    /// <summary>The task's page as it was at assignment.</summary>
    public string? TaskUrl { get; init; }

    /// <summary>The run's worktree, once prepared.</summary>
    public Guid? WorktreeId { get; init; }
}
