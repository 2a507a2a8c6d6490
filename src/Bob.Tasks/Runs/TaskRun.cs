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

/// <summary>One recorded transition of a run, with its cause.</summary>
/// <param name="Version">The run's version after it (1, 2, 3, …).</param>
/// <param name="From">The status before (<see langword="null"/> for the assignment that created the run).</param>
/// <param name="To">The status after.</param>
/// <param name="Trigger">What caused it.</param>
/// <param name="Reason">The reason given with it (blocked, failed), if any.</param>
/// <param name="CreatedAt">When (UTC).</param>
public sealed record TaskRunTransitionRecord(int Version, TaskRunStatus? From, TaskRunStatus To, TaskRunTrigger Trigger, string? Reason, DateTimeOffset CreatedAt);

/// <summary>A new run, as <c>task.assigned</c> describes it.</summary>
/// <remarks>A <paramref name="UserId"/> that names no Bob user is stored as none (the run then fails, saying so).</remarks>
public sealed record NewTaskRun(Guid? UserId, string WorkspaceId, string TaskId, string TaskIdentifier, string? Title, string? Description, string? TaskUrl, Guid? RepositoryId, Guid? SessionId = null);

/// <summary>
/// Stores task runs. Moves are decided by <see cref="TaskRunTriggers"/> and written here with optimistic concurrency: a
/// transition is written only if the run is still at the version it was decided on, together with its record and effects.
/// </summary>
public interface ITaskRunStore
{
    /// <summary>Creates the run of a Kanbanger task in <see cref="TaskRunStateMachine.Initial"/>, or returns the existing one (idempotent on the task).</summary>
    Task<(TaskRun Run, bool Created)> CreateAsync(NewTaskRun run, CancellationToken cancellationToken = default);

    /// <summary>The run, whoever it belongs to, or <see langword="null"/>.</summary>
    Task<TaskRun?> FindAsync(Guid runId, CancellationToken cancellationToken = default);

    /// <summary>Whether a transition of the run recorded <paramref name="causeKey"/>.</summary>
    Task<bool> HasCauseAsync(Guid runId, string causeKey, CancellationToken cancellationToken = default);

    /// <summary>The web page of a pull request (for a run's reports), or <see langword="null"/>.</summary>
    Task<string?> PullRequestUrlAsync(Guid pullRequestId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes a move <see cref="TaskRunTriggers"/> decided, in one transaction and only if the run is still at
    /// <see cref="TaskRunMove.FromVersion"/>: the run's new status, version and reasons, the transition's record (with its
    /// cause key), the task written on the linked pull request, the session events and the outbox rows. Returns the run
    /// after it, or <see langword="null"/> when the run moved meanwhile (nothing is written; decide again).
    /// </summary>
    Task<TaskRun?> TryMoveAsync(TaskRunMove move, CancellationToken cancellationToken = default);

    /// <summary>Holds the run for one preparer at a time, across hosts, until disposed.</summary>
    Task<IAsyncDisposable> LockAsync(Guid runId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The run's session: created on <paramref name="repositoryId"/> with <paramref name="title"/> and linked to the run in
    /// one transaction the first time, the same one on every later call.
    /// </summary>
    Task<Guid> EnsureSessionAsync(Guid runId, Guid repositoryId, string? title, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends a reply's session event once per <paramref name="dedupeKey"/> and, when it is appended, queues
    /// <paramref name="handOver"/> (a <see cref="TaskRunOutbox.AgentReply"/> row) in the same transaction: the reply is stored
    /// and handed over together or not at all. The same key again appends and queues nothing and answers the first event's number.
    /// </summary>
    /// <exception cref="Bob.Git.Abstractions.SessionNotFoundException">No such session.</exception>
    Task<(long Sequence, bool Appended)> AppendReplyAsync(Guid sessionId, string kind, string dedupeKey, System.Text.Json.JsonElement payload, Bob.Git.Abstractions.OutboxMessage? handOver, CancellationToken cancellationToken = default);

    /// <summary>Links the run's worktree.</summary>
    Task AttachWorktreeAsync(Guid runId, Guid worktreeId, CancellationToken cancellationToken = default);

    /// <summary>The run working in <paramref name="sessionId"/>, or <see langword="null"/>.</summary>
    Task<TaskRun?> FindBySessionAsync(Guid sessionId, CancellationToken cancellationToken = default);

    /// <summary>The user's run, or <see langword="null"/>.</summary>
    Task<TaskRun?> GetAsync(Guid userId, Guid runId, CancellationToken cancellationToken = default);

    /// <summary>The run of a Kanbanger task, whoever it belongs to, or <see langword="null"/>.</summary>
    Task<TaskRun?> FindByTaskAsync(string workspaceId, string taskId, CancellationToken cancellationToken = default);

    /// <summary>The run's transitions, oldest first.</summary>
    Task<IReadOnlyList<TaskRunTransitionRecord>> TransitionsAsync(Guid runId, CancellationToken cancellationToken = default);

    /// <summary>The user's runs, newest first, optionally of one status, after <paramref name="after"/> (keyset pagination).</summary>
    Task<IReadOnlyList<TaskRun>> ListAsync(Guid userId, TaskRunStatus? status, int limit, Bob.Git.Abstractions.PageKey? after = null, CancellationToken cancellationToken = default);
}
