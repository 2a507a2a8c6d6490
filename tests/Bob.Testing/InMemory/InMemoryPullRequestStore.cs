using System.Security.Cryptography;
using System.Text;
using Bob.Git.Abstractions;

namespace Bob.Testing;

/// <summary>
/// An <see cref="IPullRequestStore"/> in memory with the PostgreSQL store's contract (<see cref="PullRequestStoreContract"/>
/// runs against both): a report applied only when its (provider time, state key) is greater than the stored one, so any
/// order of the same reports gives the same row; a session's visible change appended as its event and, when linked,
/// merged or closed, the observers' outbox rows kept in <see cref="Outbox"/>; pull requests seen by users who registered
/// their remote; commits once per remote and sha. Its sessions' events go to the <see cref="InMemorySessionStore"/> given.
/// Thread-safe.
/// </summary>
public sealed partial class InMemoryPullRequestStore(
    InMemoryRepositoryStore repositories,
    InMemorySessionStore sessions,
    IEnumerable<IPullRequestSessionObserver>? observers = null,
    TimeProvider? timeProvider = null) : IPullRequestStore
{
    private readonly Lock _gate = new();
    private readonly List<Row> _rows = [];
    private readonly List<OutboxMessage> _outbox = [];
    private readonly Dictionary<string, SemaphoreSlim> _heads = [];
    private readonly IPullRequestSessionObserver[] _observers = observers?.ToArray() ?? [];

    /// <summary>Every outbox row the observers asked for, in order.</summary>
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

    /// <summary>The numbers of the remote's open and draft pull requests, ascending.</summary>
    public IReadOnlyList<int> OpenNumbers(RemoteRepositoryIdentity remote)
    {
        lock (_gate)
        {
            return [.. _rows.Where(r => InMemoryRepositoryStore.SameRemote(r.Remote, remote) && r.Status is PullRequestStatus.Open or PullRequestStatus.Draft).Select(r => r.Number).Order()];
        }
    }

    /// <inheritdoc />
    public Task<PullRequestChange> ApplyAsync(Repository repository, PullRequestInfo pullRequest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(pullRequest);
        lock (_gate)
        {
            var index = _rows.FindIndex(r => InMemoryRepositoryStore.SameRemote(r.Remote, pullRequest.Repository) && r.Number == pullRequest.Number);
            var prior = index < 0 ? null : _rows[index];
            if (prior is not null && Compare(pullRequest, prior) <= 0)
            {
                return Task.FromResult(new PullRequestChange(prior.Id, false, prior.SessionId));
            }

            var current = new Row(prior?.Id ?? Guid.NewGuid(), repository.UserId, prior?.RepositoryId ?? repository.Id, pullRequest.Repository, pullRequest.Number)
            {
                Title = pullRequest.Title,
                Body = pullRequest.Body,
                HeadBranch = pullRequest.HeadBranch,
                BaseBranch = pullRequest.BaseBranch,
                HeadSha = pullRequest.HeadSha,
                Status = pullRequest.Status,
                Url = pullRequest.Url,
                UpdatedAt = pullRequest.UpdatedAt,
                MergedAt = pullRequest.Status == PullRequestStatus.Merged ? pullRequest.MergedAt : null,
                SessionId = prior?.SessionId,
                KanbangerTaskId = prior?.KanbangerTaskId,
                CreatedAt = prior?.CreatedAt ?? InMemoryClock.Next(timeProvider),
            };
            if (prior is null)
            {
                _rows.Add(current);
            }
            else
            {
                _rows[index] = current;
            }

            var visible = PullRequestChangeRules.IsVisibleChange(prior?.AsReport(pullRequest), pullRequest);
            if (visible && current.SessionId is { } session)
            {
                var (kind, payload) = PullRequestChangeRules.ChangedEvent(current.Id, pullRequest);
                AppendEvent(session, kind, payload);
                if (PullRequestChangeRules.ObserverChange(prior?.AsReport(pullRequest).Status, pullRequest.Status) is { } observed)
                {
                    Notify(current, session, observed);
                }
            }

            return Task.FromResult(new PullRequestChange(current.Id, true, current.SessionId) { VisibleChange = visible });
        }
    }

    /// <inheritdoc />
    public Task<bool> LinkSessionAsync(Guid pullRequestId, Guid sessionId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_rows.FirstOrDefault(r => r.Id == pullRequestId) is not { SessionId: null } row)
            {
                return Task.FromResult(false);
            }

            row.SessionId = sessionId;
            var (kind, payload) = PullRequestChangeRules.LinkedEvent(row.Id, row.Url, row.Number, row.Title);
            AppendEvent(sessionId, kind, payload);
            Notify(row, sessionId, PullRequestChangeRules.Linked);
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<bool> LinkTaskAsync(Guid pullRequestId, string kanbangerTaskId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kanbangerTaskId);
        lock (_gate)
        {
            if (_rows.FirstOrDefault(r => r.Id == pullRequestId) is not { } row)
            {
                return Task.FromResult(false);
            }

            row.KanbangerTaskId = kanbangerTaskId;
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public async Task<IAsyncDisposable> LockHeadAsync(RemoteRepositoryIdentity remote, string headBranch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(remote);
        ArgumentNullException.ThrowIfNull(headBranch);
        SemaphoreSlim gate;
        lock (_gate)
        {
            var key = $"{remote.Provider}|{remote.InstanceUrl}|{remote.Owner.ToLowerInvariant()}|{remote.Name.ToLowerInvariant()}|{headBranch}";
            if (!_heads.TryGetValue(key, out gate!))
            {
                _heads[key] = gate = new SemaphoreSlim(1, 1);
            }
        }

        await gate.WaitAsync(cancellationToken);
        return new Release(gate);
    }

    /// <inheritdoc />
    public Task<PullRequest?> FindOpenByHeadAsync(Guid userId, RemoteRepositoryIdentity remote, string headBranch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(remote);
        return Task.FromResult(Visible(userId, r => InMemoryRepositoryStore.SameRemote(r.Remote, remote) && r.HeadBranch == headBranch && r.Status is PullRequestStatus.Open or PullRequestStatus.Draft)
            .OrderByDescending(p => p.Number).FirstOrDefault());
    }

    /// <inheritdoc />
    public Task<(Guid Id, Guid? SessionId)?> FindByNumberAsync(RemoteRepositoryIdentity remote, int number, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_rows.FirstOrDefault(r => InMemoryRepositoryStore.SameRemote(r.Remote, remote) && r.Number == number) is { } row
                ? ((Guid Id, Guid? SessionId)?)(row.Id, row.SessionId)
                : null);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<(Guid Id, Guid? SessionId)>> FindByHeadShaAsync(RemoteRepositoryIdentity remote, string headSha, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<(Guid Id, Guid? SessionId)>>([.. _rows
                .Where(r => InMemoryRepositoryStore.SameRemote(r.Remote, remote) && r.HeadSha == headSha && r.Status is PullRequestStatus.Open or PullRequestStatus.Draft)
                .Select(r => (r.Id, r.SessionId))]);
        }
    }

    /// <inheritdoc />
    public Task<PullRequest?> GetAsync(Guid userId, Guid pullRequestId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Visible(userId, r => r.Id == pullRequestId).FirstOrDefault());

    /// <inheritdoc />
    public Task<IReadOnlyList<PullRequest>> ListAsync(Guid userId, PullRequestFilter filter, int limit, PageKey? after, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var page = Visible(userId, r =>
            (filter.Remote is null || InMemoryRepositoryStore.SameRemote(r.Remote, filter.Remote))
            && (filter.SessionId is null || r.SessionId == filter.SessionId)
            && (filter.Status is null || r.Status == filter.Status)
            && InMemoryClock.IsAfter(r.CreatedAt, r.Id, after)).ToList();
        page.Sort((a, b) => InMemoryClock.NewestFirst(a.CreatedAt, a.Id, b.CreatedAt, b.Id));
        return Task.FromResult<IReadOnlyList<PullRequest>>([.. page.Take(limit)]);
    }

    private List<PullRequest> Visible(Guid userId, Func<Row, bool> where)
    {
        lock (_gate)
        {
            var list = new List<PullRequest>();
            foreach (var row in _rows.Where(where))
            {
                // Seen through the user's oldest registration of the remote, as the PostgreSQL store joins it.
                if (repositories.FindByRemoteAsync(row.Remote).Result.FirstOrDefault(r => r.UserId == userId) is { } mine)
                {
                    list.Add(new PullRequest(row.Id, mine.Id, row.Remote, row.Number, row.Title, row.Body, row.HeadBranch, row.BaseBranch, row.HeadSha,
                        row.Status, row.Url, row.SessionId, row.KanbangerTaskId, row.CreatedAt, row.MergedAt));
                }
            }

            return list;
        }
    }

    private void AppendEvent(Guid sessionId, string kind, System.Text.Json.JsonElement payload) =>
        sessions.AppendAsync(sessionId, kind, payload).GetAwaiter().GetResult();

    private void Notify(Row row, Guid sessionId, string change)
    {
        foreach (var observer in _observers)
        {
            foreach (var message in observer.Changed(new PullRequestSessionChange(row.UserId, sessionId, row.Id, change)))
            {
                if (!_outbox.Any(m => m.Source == message.Source && m.DeliveryId == message.DeliveryId))
                {
                    _outbox.Add(message); // a delivery id is queued once, as the queue's unique key keeps it
                }
            }
        }
    }

    /// <summary>(provider time, state key) against the stored row's, a missing time the earliest.</summary>
    private static int Compare(PullRequestInfo report, Row stored)
    {
        var byTime = Nullable.Compare(report.UpdatedAt, stored.UpdatedAt);
        return byTime != 0
            ? byTime
            : string.CompareOrdinal(
                StateKey(report.Status, report.HeadSha, report.Title, report.Body, report.HeadBranch, report.BaseBranch),
                StateKey(stored.Status, stored.HeadSha, stored.Title, stored.Body, stored.HeadBranch, stored.BaseBranch));
    }

    /// <summary>What <c>bob_pr_state_key</c> computes: the status's rank, then a digest of what a person sees.</summary>
    private static string StateKey(PullRequestStatus status, string? headSha, string title, string? body, string headBranch, string baseBranch)
    {
        var rank = status switch { PullRequestStatus.Merged => '4', PullRequestStatus.Closed => '3', PullRequestStatus.Open => '2', _ => '1' };
        var digest = MD5.HashData(Encoding.UTF8.GetBytes($"{headSha}\u001f{title}\u001f{body}\u001f{headBranch}\u001f{baseBranch}"));
        return rank + Convert.ToHexStringLower(digest);
    }

    private sealed record Row(Guid Id, Guid UserId, Guid RepositoryId, RemoteRepositoryIdentity Remote, int Number)
    {
        public required string Title { get; init; }

        public string? Body { get; init; }

        public required string HeadBranch { get; init; }

        public required string BaseBranch { get; init; }

        public string? HeadSha { get; init; }

        public PullRequestStatus Status { get; init; }

        public required string Url { get; init; }

        public DateTimeOffset? UpdatedAt { get; init; }

        public DateTimeOffset? MergedAt { get; init; }

        public Guid? SessionId { get; set; }

        public string? KanbangerTaskId { get; set; }

        public DateTimeOffset CreatedAt { get; init; }

        public PullRequestInfo AsReport(PullRequestInfo report) =>
            report with { Status = Status, Title = Title, Body = Body, HeadSha = HeadSha, HeadBranch = HeadBranch, BaseBranch = BaseBranch };
    }

    private sealed class Release(SemaphoreSlim gate) : IAsyncDisposable
    {
        private int _released;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }

            return ValueTask.CompletedTask;
        }
    }
}
