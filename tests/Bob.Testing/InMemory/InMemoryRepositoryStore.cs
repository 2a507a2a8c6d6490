using Bob.Git.Abstractions;

namespace Bob.Testing;

/// <summary>
/// An <see cref="IRepositoryStore"/> in memory with the PostgreSQL store's contract (<see cref="RepositoryStoreContract"/>
/// runs against both): one registration per user and remote (owner and name compared without case), newest first, a
/// connection set only when the user owns it. Thread-safe.
/// </summary>
public sealed class InMemoryRepositoryStore(TimeProvider? timeProvider = null) : IRepositoryStore
{
    private readonly Lock _gate = new();
    private readonly List<Repository> _rows = [];
    private readonly HashSet<(Guid User, Guid Connection)> _connections = [];

    /// <summary>Lets <paramref name="userId"/> own <paramref name="connectionId"/> (what the connections table says in PostgreSQL).</summary>
    public Guid AddConnection(Guid userId, Guid? connectionId = null)
    {
        var id = connectionId ?? Guid.NewGuid();
        lock (_gate)
        {
            _connections.Add((userId, id));
        }

        return id;
    }

    /// <summary>Every registration, oldest first.</summary>
    public IReadOnlyList<Repository> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _rows.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id.ToString("N"), StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>The same remote, as the database's unique index compares it.</summary>
    public static bool SameRemote(RemoteRepositoryIdentity a, RemoteRepositoryIdentity b) =>
        a.Provider == b.Provider && a.InstanceUrl == b.InstanceUrl
        && string.Equals(a.Owner, b.Owner, StringComparison.OrdinalIgnoreCase) && string.Equals(a.Name, b.Name, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public Task<Repository> AddAsync(Guid userId, string name, ParsedRemoteUrl remote, Guid? connectionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(remote);
        lock (_gate)
        {
            if (_rows.FirstOrDefault(r => r.UserId == userId && SameRemote(r.Remote, remote.Identity)) is { } existing)
            {
                throw new DuplicateRepositoryException(remote.Identity, existing.Id);
            }

            var row = new Repository(Guid.NewGuid(), userId, name.Trim(), remote.SanitizedUrl, remote.Identity, connectionId, InMemoryClock.Next(timeProvider));
            _rows.Add(row);
            return Task.FromResult(row);
        }
    }

    /// <inheritdoc />
    public Task<Repository?> GetAsync(Guid userId, Guid repositoryId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_rows.FirstOrDefault(r => r.Id == repositoryId && r.UserId == userId));
        }
    }

    /// <inheritdoc />
    public Task<Repository?> DeleteAsync(Guid userId, Guid repositoryId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var row = _rows.FirstOrDefault(r => r.Id == repositoryId && r.UserId == userId);
            if (row is not null)
            {
                _rows.Remove(row);
            }

            return Task.FromResult(row);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Repository>> ListAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<Repository> list = [.. _rows.Where(r => r.UserId == userId).OrderByDescending(r => r.CreatedAt).ThenBy(r => r.Id.ToString("N"), StringComparer.Ordinal)];
            return Task.FromResult(list);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Repository>> FindByRemoteAsync(RemoteRepositoryIdentity remote, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(remote);
        lock (_gate)
        {
            IReadOnlyList<Repository> list = [.. _rows.Where(r => SameRemote(r.Remote, remote)).OrderBy(r => r.CreatedAt).ThenBy(r => r.Id.ToString("N"), StringComparer.Ordinal)];
            return Task.FromResult(list);
        }
    }

    /// <inheritdoc />
    public Task<bool> SetConnectionAsync(Guid userId, Guid repositoryId, Guid? connectionId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var index = _rows.FindIndex(r => r.Id == repositoryId && r.UserId == userId);
            if (index < 0 || (connectionId is { } id && !_connections.Contains((userId, id))))
            {
                return Task.FromResult(false);
            }

            _rows[index] = _rows[index] with { ConnectionId = connectionId };
            return Task.FromResult(true);
        }
    }
}
