using System.Text.Json;
using Bob.Git.Abstractions;
using Bob.Tasks;

namespace Bob.Testing;

/// <summary>
/// An <see cref="ITaskRunStore"/> in memory, with the PostgreSQL store's contract (<see cref="TaskRunStoreContract"/> runs
/// against both): idempotent creation, moves written only at the version they were decided on, each cause once, replies
/// appended once with their hand-over. What a move wrote (session events, outbox rows, tasks linked to pull requests) is
/// kept for tests to read. Given an <see cref="InMemorySessionStore"/>, sessions are made and events appended there too.
/// Thread-safe.
/// </summary>
public sealed class InMemoryTaskRunStore(InMemorySessionStore? sessions = null) : ITaskRunStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, TaskRun> _runs = [];
    private readonly Dictionary<Guid, List<(TaskRunTransitionRecord Record, string? CauseKey)>> _transitions = [];
    private readonly Dictionary<Guid, SemaphoreSlim> _locks = [];
    private readonly HashSet<Guid> _users = [];
    private readonly List<SessionEvent> _events = [];
    private readonly List<OutboxMessage> _outbox = [];

    /// <summary>Pull requests' web pages, by id (what <see cref="PullRequestUrlAsync"/> answers).</summary>
    public Dictionary<Guid, string> PullRequestUrls { get; } = [];

    /// <summary>The Kanbanger task written on each pull request a move linked.</summary>
    public Dictionary<Guid, string> LinkedTasks { get; } = [];

    /// <summary>Every session event appended, in order.</summary>
    public IReadOnlyList<SessionEvent> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>Every outbox row queued (a delivery id once), in order: the moves' rows, then those queued with session events.</summary>
    public IReadOnlyList<OutboxMessage> Outbox
    {
        get
        {
            lock (_gate)
            {
                return [.. _outbox, .. sessions?.Outbox ?? []];
            }
        }
    }

    /// <summary>Makes <paramref name="userId"/> a Bob user (a run assigned to anyone else has no user).</summary>
    public Guid AddUser(Guid? userId = null)
    {
        var id = userId ?? Guid.NewGuid();
        lock (_gate)
        {
            _users.Add(id);
        }

        return id;
    }

    /// <inheritdoc />
    public Task<(TaskRun Run, bool Created)> CreateAsync(NewTaskRun run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        lock (_gate)
        {
            if (_runs.Values.FirstOrDefault(r => r.WorkspaceId == run.WorkspaceId && r.TaskId == run.TaskId) is { } existing)
            {
                return Task.FromResult((existing, false));
            }

            var created = new TaskRun(Guid.NewGuid(), run.UserId is { } u && _users.Contains(u) ? u : null, run.WorkspaceId, run.TaskId, run.TaskIdentifier, run.Title, TaskRunStatus.Starting, 1, null, null, run.SessionId, run.RepositoryId, null, DateTimeOffset.UtcNow)
            {
                Description = run.Description,
                TaskUrl = run.TaskUrl,
            };
            _runs[created.Id] = created;
            _transitions[created.Id] = [(new TaskRunTransitionRecord(1, null, TaskRunStatus.Starting, TaskRunTrigger.Assigned, null, created.CreatedAt), null)];
            return Task.FromResult((created, true));
        }
    }

    /// <inheritdoc />
    public Task<TaskRun?> FindAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_runs.GetValueOrDefault(runId));
        }
    }

    /// <inheritdoc />
    public Task<bool> HasCauseAsync(Guid runId, string causeKey, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_transitions.TryGetValue(runId, out var log) && log.Any(t => t.CauseKey == causeKey));
        }
    }

    /// <inheritdoc />
    public Task<string?> PullRequestUrlAsync(Guid pullRequestId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(PullRequestUrls.GetValueOrDefault(pullRequestId));
        }
    }

    /// <inheritdoc />
    public Task<TaskRun?> TryMoveAsync(TaskRunMove move, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(move);
        lock (_gate)
        {
            if (!_runs.TryGetValue(move.RunId, out var run) || run.Version != move.FromVersion)
            {
                return Task.FromResult<TaskRun?>(null);
            }

            var moved = run with
            {
                Status = move.To,
                Version = run.Version + 1,
                BlockedReason = move.BlockedReason,
                FailureReason = move.FailureReason,
                PullRequestId = move.PullRequestId ?? run.PullRequestId,
            };
            _runs[run.Id] = moved;
            _transitions[run.Id].Add((new TaskRunTransitionRecord(moved.Version, move.From, move.To, move.Trigger, move.Reason, DateTimeOffset.UtcNow), move.CauseKey));
            if (move is { PullRequestId: { } pullRequest, LinkTaskId: { } task })
            {
                LinkedTasks[pullRequest] = task;
            }

            foreach (var (session, kind, payload) in move.Events)
            {
                Append(session, kind, payload);
            }

            foreach (var message in move.Outbox)
            {
                Enqueue(message);
            }

            return Task.FromResult<TaskRun?>(moved);
        }
    }

    /// <inheritdoc />
    public async Task<IAsyncDisposable> LockAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        SemaphoreSlim semaphore;
        lock (_gate)
        {
            semaphore = _locks.TryGetValue(runId, out var existing) ? existing : _locks[runId] = new SemaphoreSlim(1, 1);
        }

        await semaphore.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Release(semaphore);
    }

    /// <inheritdoc />
    public Task<Guid> EnsureSessionAsync(Guid runId, Guid repositoryId, string? title, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var run = _runs[runId];
            if (run.SessionId is { } session)
            {
                return Task.FromResult(session);
            }

            // With a session store the session is one (its user sees it, a worktree can be added); else only an id.
            var created = sessions is null ? Guid.NewGuid() : sessions.CreateAsync(run.UserId!.Value, repositoryId, title, cancellationToken).GetAwaiter().GetResult().Id;
            _runs[runId] = run with { SessionId = created, RepositoryId = repositoryId };
            return Task.FromResult(created);
        }
    }

    /// <inheritdoc />
    public Task AttachWorktreeAsync(Guid runId, Guid worktreeId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _runs[runId] = _runs[runId] with { WorktreeId = worktreeId };
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<TaskRun?> FindBySessionAsync(Guid sessionId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_runs.Values.Where(r => r.SessionId == sessionId).OrderBy(r => r.CreatedAt).FirstOrDefault());
        }
    }

    /// <inheritdoc />
    public Task<TaskRun?> GetAsync(Guid userId, Guid runId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_runs.TryGetValue(runId, out var run) && run.UserId == userId ? run : null);
        }
    }

    /// <inheritdoc />
    public Task<TaskRun?> FindByTaskAsync(string workspaceId, string taskId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_runs.Values.FirstOrDefault(r => r.WorkspaceId == workspaceId && r.TaskId == taskId));
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<TaskRunTransitionRecord>> TransitionsAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<TaskRunTransitionRecord>>(_transitions.TryGetValue(runId, out var log) ? [.. log.Select(t => t.Record)] : []);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<TaskRun>> ListAsync(Guid userId, TaskRunStatus? status, int limit, PageKey? after = null, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<TaskRun>>([.. _runs.Values
                .Where(r => r.UserId == userId && (status is null || r.Status == status) && (after is not { } key || (r.CreatedAt, r.Id).CompareTo((key.CreatedAt, key.Id)) < 0))
                .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Take(limit)]);
        }
    }

    private long Append(Guid sessionId, string kind, JsonElement payload)
    {
        if (sessions is not null)
        {
            var appended = sessions.AppendAsync(sessionId, kind, payload).GetAwaiter().GetResult();
            _events.Add(new SessionEvent(sessionId, appended, kind, payload.Clone(), DateTimeOffset.UtcNow));
            return appended;
        }

        var sequence = _events.Count(e => e.SessionId == sessionId) + 1L;
        _events.Add(new SessionEvent(sessionId, sequence, kind, payload.Clone(), DateTimeOffset.UtcNow));
        return sequence;
    }

    private void Enqueue(OutboxMessage message)
    {
        if (!_outbox.Any(m => m.Source == message.Source && m.DeliveryId == message.DeliveryId))
        {
            _outbox.Add(message);
        }
    }

    private sealed class Release(SemaphoreSlim semaphore) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            semaphore.Release();
            return ValueTask.CompletedTask;
        }
    }
}
