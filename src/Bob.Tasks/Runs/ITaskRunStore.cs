namespace Bob.Tasks;

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
