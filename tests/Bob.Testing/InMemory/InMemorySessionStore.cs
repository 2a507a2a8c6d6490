using System.Runtime.CompilerServices;
using System.Text.Json;
using Bob.Git.Abstractions;

namespace Bob.Testing;

/// <summary>
/// An <see cref="ISessionStore"/> and the <see cref="ISessionEventStream"/> of its sessions in memory, with the PostgreSQL
/// stores' contract (<see cref="SessionStoreContract"/> runs against both): sessions and worktrees seen only by their
/// user, lists newest first in pages, one sequence per session starting at 1, an append-once key appended once, and
/// subscribers woken by each append. Thread-safe.
/// </summary>
public sealed class InMemorySessionStore(TimeProvider? timeProvider = null) : ISessionStore, ISessionEventStream
{
    private readonly Lock _gate = new();
    private readonly List<Session> _sessions = [];
    private readonly List<Worktree> _worktrees = [];
    private readonly Dictionary<Guid, List<SessionEvent>> _events = [];
    private readonly Dictionary<(Guid Session, string Key), long> _once = [];
    private readonly List<OutboxMessage> _outbox = [];
    private TaskCompletionSource _appended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Every outbox row queued with an event (a delivery id once), in order.</summary>
    public IReadOnlyList<OutboxMessage> Outbox
    {
        get
        {
            lock (_gate)
            {
                return [.. _outbox];
            }
        }
    }

    /// <summary>Every event of <paramref name="sessionId"/>, in order.</summary>
    public IReadOnlyList<SessionEvent> EventsOf(Guid sessionId)
    {
        lock (_gate)
        {
            return _events.TryGetValue(sessionId, out var list) ? [.. list] : [];
        }
    }

    /// <inheritdoc />
    public Task<Session> CreateAsync(Guid userId, Guid? repositoryId, string? title, CancellationToken cancellationToken = default)
    {
        var session = new Session(Guid.NewGuid(), userId, repositoryId, title, InMemoryClock.Next(timeProvider));
        lock (_gate)
        {
            _sessions.Add(session);
            _events[session.Id] = [];
        }

        return Task.FromResult(session);
    }

    /// <inheritdoc />
    public Task<Session?> GetAsync(Guid userId, Guid sessionId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_sessions.FirstOrDefault(s => s.Id == sessionId && s.UserId == userId));
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Session>> ListAsync(Guid userId, int limit, PageKey? after, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var page = _sessions.Where(s => s.UserId == userId && InMemoryClock.IsAfter(s.CreatedAt, s.Id, after)).ToList();
            page.Sort((a, b) => InMemoryClock.NewestFirst(a.CreatedAt, a.Id, b.CreatedAt, b.Id));
            return Task.FromResult<IReadOnlyList<Session>>([.. page.Take(limit)]);
        }
    }

    /// <inheritdoc />
    public Task<Worktree> AddWorktreeAsync(Worktree worktree, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(worktree);
        lock (_gate)
        {
            if (_worktrees.Any(w => w.RepositoryId == worktree.RepositoryId && w.Branch == worktree.Branch))
            {
                throw new InvalidOperationException($"Branch {worktree.Branch} already has a worktree (the unique index refuses it).");
            }

            var stored = worktree with { CreatedAt = InMemoryClock.Next(timeProvider) };
            _worktrees.Add(stored);
            return Task.FromResult(stored);
        }
    }

    /// <inheritdoc />
    public Task<bool> IsBranchTakenAsync(Guid repositoryId, string branch, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_worktrees.Any(w => w.RepositoryId == repositoryId && w.Branch == branch));
        }
    }

    /// <inheritdoc />
    public Task<Worktree?> GetWorktreeAsync(Guid userId, Guid worktreeId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_worktrees.FirstOrDefault(w => w.Id == worktreeId && w.UserId == userId));
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Worktree>> ListWorktreesAsync(Guid userId, Guid sessionId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var list = _worktrees.Where(w => w.SessionId == sessionId && w.UserId == userId).ToList();
            list.Sort((a, b) => InMemoryClock.NewestFirst(a.CreatedAt, a.Id, b.CreatedAt, b.Id));
            return Task.FromResult<IReadOnlyList<Worktree>>(list);
        }
    }

    /// <inheritdoc />
    public Task<long> AppendAsync(Guid sessionId, string kind, JsonElement? payload = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(Append(sessionId, kind, null, payload).Sequence);

    /// <inheritdoc />
    public Task<(long Sequence, bool Appended)> AppendOnceAsync(Guid sessionId, string kind, string dedupeKey, JsonElement? payload = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dedupeKey);
        return Task.FromResult(Append(sessionId, kind, dedupeKey, payload));
    }

    /// <inheritdoc />
    public Task<(long Sequence, bool Appended)> AppendOnceWithEffectsAsync(Guid sessionId, string kind, string dedupeKey, JsonElement? payload, IReadOnlyList<OutboxMessage> effects, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dedupeKey);
        ArgumentNullException.ThrowIfNull(effects);
        return Task.FromResult(Append(sessionId, kind, dedupeKey, payload, effects));
    }

    private (long Sequence, bool Appended) Append(Guid sessionId, string kind, string? dedupeKey, JsonElement? payload, IReadOnlyList<OutboxMessage>? effects = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        if (payload is { ValueKind: not JsonValueKind.Object })
        {
            throw new ArgumentException("An event's payload is a JSON object.", nameof(payload));
        }

        TaskCompletionSource woken;
        long sequence;
        lock (_gate)
        {
            if (!_events.TryGetValue(sessionId, out var list))
            {
                throw BobNotFoundException.ForSession(sessionId);
            }

            if (dedupeKey is not null && _once.TryGetValue((sessionId, dedupeKey), out var earlier))
            {
                return (earlier, false);
            }

            sequence = list.Count + 1;
            using var empty = JsonDocument.Parse("{}");
            list.Add(new SessionEvent(sessionId, sequence, kind, (payload ?? empty.RootElement).Clone(), InMemoryClock.Next(timeProvider)));
            if (dedupeKey is not null)
            {
                _once[(sessionId, dedupeKey)] = sequence;
            }

            foreach (var effect in effects ?? [])
            {
                if (!_outbox.Any(m => m.Source == effect.Source && m.DeliveryId == effect.DeliveryId))
                {
                    _outbox.Add(effect);
                }
            }

            woken = _appended;
            _appended = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        woken.TrySetResult();
        return (sequence, true);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<SessionEvent>> ReadAfterAsync(Guid sessionId, long after, int limit = 500, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(after);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        lock (_gate)
        {
            IReadOnlyList<SessionEvent> page = _events.TryGetValue(sessionId, out var list) ? [.. list.Where(e => e.Sequence > after).Take(limit)] : [];
            return Task.FromResult(page);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<SessionEvent> SubscribeAsync(Guid sessionId, long after, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(after);
        var last = after;
        while (!cancellationToken.IsCancellationRequested)
        {
            Task next;
            lock (_gate)
            {
                next = _appended.Task;
            }

            foreach (var item in await ReadAfterAsync(sessionId, last, 500, cancellationToken))
            {
                yield return item;
                last = item.Sequence;
            }

            await next.WaitAsync(cancellationToken);
        }
    }
}
