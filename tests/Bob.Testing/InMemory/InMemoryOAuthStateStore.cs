using Bob.Git.Abstractions;

namespace Bob.Testing;

/// <summary>
/// An <see cref="IOAuthStateStore"/> in memory with the PostgreSQL store's contract (<see cref="OAuthStateStoreContract"/>
/// runs against both): a state taken once, only by its user for its provider and before it expires, and at most
/// <see cref="IOAuthStateStore.MaxPendingPerUser"/> pending per user (the oldest dropped). Thread-safe.
/// </summary>
public sealed class InMemoryOAuthStateStore : IOAuthStateStore
{
    private readonly Lock _gate = new();
    private readonly List<PendingAuthorization> _pending = [];

    /// <inheritdoc />
    public Task SaveAsync(PendingAuthorization authorization, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        lock (_gate)
        {
            var mine = _pending.Where(p => p.UserId == authorization.UserId).OrderByDescending(p => p.ExpiresAt).ToList();
            foreach (var dropped in mine.Skip(IOAuthStateStore.MaxPendingPerUser - 1))
            {
                _pending.Remove(dropped);
            }

            _pending.Add(authorization);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<PendingAuthorization?> TakeAsync(string state, Guid userId, GitProvider provider, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(state) || state.Length > 200)
        {
            return Task.FromResult<PendingAuthorization?>(null);
        }

        lock (_gate)
        {
            var found = _pending.FirstOrDefault(p => p.State == state && p.UserId == userId && p.Instance.Provider == provider);
            if (found is null)
            {
                return Task.FromResult<PendingAuthorization?>(null);
            }

            _pending.Remove(found);
            return Task.FromResult(found.ExpiresAt > now ? found : null);
        }
    }

    /// <inheritdoc />
    public Task<PendingAuthorization?> FindAsync(string state, Guid userId, GitProvider provider, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var found = _pending.FirstOrDefault(p => p.State == state && p.UserId == userId && p.Instance.Provider == provider);
            return Task.FromResult(found is not null && found.ExpiresAt > now ? found : null);
        }
    }
}
