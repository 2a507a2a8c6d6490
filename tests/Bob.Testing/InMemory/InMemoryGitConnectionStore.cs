using Bob.Git.Abstractions;

namespace Bob.Testing;

/// <summary>
/// An <see cref="IGitConnectionStore"/> in memory with the PostgreSQL store's contract (<see cref="GitConnectionStoreContract"/>
/// runs against both): one row per user and provider account, tokens replaced only under the row's own id, revoked rows
/// without tokens, and refreshes of one connection one at a time, a refused one marking the connection for every waiter.
/// Thread-safe.
/// </summary>
public sealed class InMemoryGitConnectionStore(TimeProvider? timeProvider = null) : IGitConnectionStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, Row> _rows = [];

    /// <inheritdoc />
    public Task<Guid> GetOrNewIdAsync(Guid userId, GitInstance instance, string providerAccountId, Guid? appInstallationId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentException.ThrowIfNullOrWhiteSpace(providerAccountId);
        lock (_gate)
        {
            return Task.FromResult(Find(userId, instance, providerAccountId, appInstallationId)?.Connection.Id ?? Guid.NewGuid());
        }
    }

    /// <inheritdoc />
    public Task<GitConnection?> SaveAsync(Guid connectionId, Guid userId, GitInstance instance, string providerAccountId, ProtectedTokenSet tokens, Guid? appInstallationId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentException.ThrowIfNullOrWhiteSpace(providerAccountId);
        ArgumentNullException.ThrowIfNull(tokens);
        lock (_gate)
        {
            if (Find(userId, instance, providerAccountId, appInstallationId) is { } existing)
            {
                if (existing.Connection.Id != connectionId)
                {
                    return Task.FromResult<GitConnection?>(null); // a concurrent first save of the account won under another id
                }

                existing.Tokens = tokens;
                existing.Connection = existing.Connection with
                {
                    Scopes = tokens.Scopes,
                    AccessTokenExpiresAt = tokens.AccessTokenExpiresAt,
                    RevokedAt = null,
                    ReauthorizationRequiredAt = null,
                    ReauthorizationReason = null,
                };
                return Task.FromResult<GitConnection?>(existing.Connection);
            }

            var row = new Row(new GitConnection(connectionId, userId, instance, providerAccountId, tokens.Scopes, tokens.AccessTokenExpiresAt, null, InMemoryClock.Next(timeProvider), AppInstallationId: appInstallationId)) { Tokens = tokens };
            _rows[connectionId] = row;
            return Task.FromResult<GitConnection?>(row.Connection);
        }
    }

    /// <inheritdoc />
    public Task<ProtectedTokenSet?> GetTokensAsync(Guid userId, Guid connectionId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(Owned(userId, connectionId) is { Connection.RevokedAt: null } row ? row.Tokens : null);
        }
    }

    /// <inheritdoc />
    public Task<GitConnection?> GetAsync(Guid userId, Guid connectionId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(Owned(userId, connectionId)?.Connection);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<GitConnection>> ListAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<GitConnection>>([.. _rows.Values.Select(r => r.Connection).Where(c => c.UserId == userId)
                .OrderByDescending(c => c.CreatedAt).ThenBy(c => c.Id.ToString("N"), StringComparer.Ordinal)]);
        }
    }

    /// <inheritdoc />
    public Task<bool> RevokeAsync(Guid userId, Guid connectionId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (Owned(userId, connectionId) is not { } row)
            {
                return Task.FromResult(false);
            }

            row.Tokens = null;
            row.Connection = row.Connection with { RevokedAt = row.Connection.RevokedAt ?? (timeProvider ?? TimeProvider.System).GetUtcNow() };
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public async Task<ProtectedTokenSet?> RefreshTokensAsync(Guid userId, Guid connectionId, Func<ProtectedTokenSet, CancellationToken, Task<ProtectedTokenSet?>> refresh, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(refresh);
        Row? row;
        lock (_gate)
        {
            row = Owned(userId, connectionId);
        }

        if (row is null)
        {
            return null;
        }

        await row.Lease.WaitAsync(cancellationToken);
        try
        {
            ProtectedTokenSet current;
            lock (_gate)
            {
                if (row.Connection.RevokedAt is not null || row.Tokens is null)
                {
                    return null;
                }

                if (row.Connection.ReauthorizationRequiredAt is not null)
                {
                    throw new GitConnectionReauthorizationRequiredException(connectionId, row.Connection.ReauthorizationReason ?? "a refresh was refused", row.Connection.Instance.Provider);
                }

                current = row.Tokens;
            }

            ProtectedTokenSet? fresh;
            try
            {
                fresh = await refresh(current, cancellationToken);
            }
            catch (GitProviderException refused) when (refused.Kind == BobErrorKind.Unauthorized)
            {
                Mark(row, refused.Message);
                throw;
            }

            if (fresh is null)
            {
                return current;
            }

            lock (_gate)
            {
                row.Tokens = fresh;
                row.Connection = row.Connection with { Scopes = fresh.Scopes ?? row.Connection.Scopes, AccessTokenExpiresAt = fresh.AccessTokenExpiresAt, ReauthorizationRequiredAt = null, ReauthorizationReason = null };
            }

            return fresh;
        }
        finally
        {
            row.Lease.Release();
        }
    }

    /// <inheritdoc />
    public Task MarkReauthorizationRequiredAsync(Guid userId, Guid connectionId, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reason);
        lock (_gate)
        {
            if (Owned(userId, connectionId) is { } row)
            {
                Mark(row, reason);
            }
        }

        return Task.CompletedTask;
    }

    private void Mark(Row row, string reason)
    {
        lock (_gate)
        {
            row.Connection = row.Connection with
            {
                ReauthorizationRequiredAt = row.Connection.ReauthorizationRequiredAt ?? (timeProvider ?? TimeProvider.System).GetUtcNow(),
                ReauthorizationReason = reason.Length <= 500 ? reason : reason[..500],
            };
        }
    }

    private Row? Find(Guid userId, GitInstance instance, string providerAccountId, Guid? appInstallationId) =>
        _rows.Values.FirstOrDefault(r => r.Connection.UserId == userId && r.Connection.Instance.Provider == instance.Provider
            && r.Connection.Instance.InstanceUrl == instance.InstanceUrl && r.Connection.ProviderAccountId == providerAccountId
            && r.Connection.AppInstallationId == appInstallationId);

    private Row? Owned(Guid userId, Guid connectionId) => _rows.TryGetValue(connectionId, out var row) && row.Connection.UserId == userId ? row : null;

    private sealed class Row(GitConnection connection)
    {
        public GitConnection Connection { get; set; } = connection;

        public ProtectedTokenSet? Tokens { get; set; }

        public SemaphoreSlim Lease { get; } = new(1, 1);
    }
}
