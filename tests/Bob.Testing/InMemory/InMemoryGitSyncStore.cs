using Bob.Git.Abstractions;

namespace Bob.Testing;

/// <summary>
/// An <see cref="IGitSyncStore"/> over the in-memory repositories and pull requests, with the PostgreSQL store's contract
/// (<see cref="GitSyncStoreContract"/> runs against both): one target per remote (its oldest registration with a live
/// connection) when recently registered or with open pull requests; one lease per remote and round. Thread-safe.
/// </summary>
public sealed class InMemoryGitSyncStore(InMemoryRepositoryStore repositories, InMemoryPullRequestStore pullRequests, TimeProvider? timeProvider = null) : IGitSyncStore
{
    private readonly Lock _gate = new();
    private readonly HashSet<Guid> _deadConnections = [];
    private readonly Dictionary<string, (Guid? Lease, DateTimeOffset? Until, DateTimeOffset? SyncedAt)> _state = new(StringComparer.Ordinal);

    private DateTimeOffset Now => (timeProvider ?? TimeProvider.System).GetUtcNow();

    /// <summary>Makes a connection revoked or in need of authorization: its repositories are not synced.</summary>
    public void DisableConnection(Guid connectionId)
    {
        lock (_gate)
        {
            _deadConnections.Add(connectionId);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Repository>> ListTargetsAsync(DateTimeOffset activeSince, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var targets = repositories.All
                .Where(r => r.ConnectionId is { } c && !_deadConnections.Contains(c))
                .Where(r => r.CreatedAt >= activeSince || pullRequests.OpenNumbers(r.Remote).Count > 0)
                .GroupBy(r => Key(r.Remote), StringComparer.Ordinal)
                .Select(g => g.First())
                .ToArray();
            return Task.FromResult<IReadOnlyList<Repository>>(targets);
        }
    }

    /// <inheritdoc />
    public Task<Guid?> TryLeaseAsync(RemoteRepositoryIdentity remote, DateTimeOffset roundStart, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(remote);
        lock (_gate)
        {
            var key = Key(remote);
            var now = Now;
            _state.TryGetValue(key, out var state);
            if ((state.Until is { } until && until >= now) || (state.SyncedAt is { } synced && synced >= roundStart))
            {
                return Task.FromResult<Guid?>(null);
            }

            var id = Guid.NewGuid();
            _state[key] = (id, now + lease, state.SyncedAt);
            return Task.FromResult<Guid?>(id);
        }
    }

    /// <inheritdoc />
    public Task ReleaseAsync(RemoteRepositoryIdentity remote, Guid leaseId, bool synced, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(remote);
        lock (_gate)
        {
            var key = Key(remote);
            if (_state.TryGetValue(key, out var state) && state.Lease == leaseId)
            {
                _state[key] = (null, null, synced ? Now : state.SyncedAt);
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<int>> OpenNumbersAsync(RemoteRepositoryIdentity remote, CancellationToken cancellationToken = default) =>
        Task.FromResult(pullRequests.OpenNumbers(remote));

    private static string Key(RemoteRepositoryIdentity remote) =>
        $"{remote.Provider}|{remote.InstanceUrl}|{remote.Owner.ToLowerInvariant()}|{remote.Name.ToLowerInvariant()}";
}
