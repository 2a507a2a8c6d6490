using Bob.Git.Abstractions;

namespace Bob.Testing;

/// <summary>
/// An <see cref="IGitAppInstallationStore"/> in memory with the PostgreSQL store's contract
/// (<see cref="GitAppInstallationStoreContract"/> runs against both): one row per instance and installation id, an
/// uninstall final and erasing the token, suspensions ordered by <c>updated_at</c>, repositories by lower-cased full name,
/// and mints of one installation one at a time with each seeing the last one's token. Thread-safe.
/// </summary>
public sealed class InMemoryGitAppInstallationStore : IGitAppInstallationStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, Row> _rows = [];
    private readonly Dictionary<string, (GitAppHookLog Log, SemaphoreSlim Lease)> _logs = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task<IReadOnlyList<GitInstance>> ListInstancesAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<GitInstance> instances = [.. _rows.Values.Where(r => r.DeletedAt is null).Select(r => r.Instance).Distinct()];
            return Task.FromResult(instances);
        }
    }

    /// <inheritdoc />
    public async Task<GitAppHookLog> ChangeHookLogAsync(GitInstance instance, Func<GitAppHookLog, CancellationToken, Task<GitAppHookLogChange?>> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(change);
        SemaphoreSlim lease;
        lock (_gate)
        {
            if (!_logs.TryGetValue(instance.BaseUrl, out var entry))
            {
                entry = (new GitAppHookLog(instance, null, null, 0, null), new SemaphoreSlim(1, 1));
                _logs[instance.BaseUrl] = entry;
            }

            lease = entry.Lease;
        }

        await lease.WaitAsync(cancellationToken);
        try
        {
            GitAppHookLog before;
            lock (_gate)
            {
                before = _logs[instance.BaseUrl].Log;
            }

            if (await change(before, cancellationToken) is not { } result)
            {
                return before;
            }

            var after = before with
            {
                Cursor = result.Cursor ?? before.Cursor,
                CheckedAt = result.CheckedAt,
                RedeliveredCount = before.RedeliveredCount + result.Redelivered,
                LastFailureAt = result.LastFailureAt is { } f && (before.LastFailureAt is null || f > before.LastFailureAt) ? f : before.LastFailureAt,
            };
            lock (_gate)
            {
                _logs[instance.BaseUrl] = (after, lease);
            }

            return after;
        }
        finally
        {
            lease.Release();
        }
    }

    /// <inheritdoc />
    public Task<GitAppInstallation> SaveAsync(GitInstance instance, long installationId, string? account, bool allRepositories, IReadOnlyCollection<string>? repositories, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(installationId);
        lock (_gate)
        {
            var row = Find(instance, installationId);
            if (row is null)
            {
                row = new Row(Guid.NewGuid(), instance, installationId);
                _rows[row.Id] = row;
            }

            row.Account = account ?? row.Account;
            row.AllRepositories = allRepositories;
            if (repositories is not null)
            {
                row.Repositories = [.. Names(repositories)];
            }

            return Task.FromResult(row.ToInstallation());
        }
    }

    /// <inheritdoc />
    public Task<GitAppInstallation?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_rows.GetValueOrDefault(id)?.ToInstallation());
        }
    }

    /// <inheritdoc />
    public Task<GitAppInstallation?> FindAsync(GitInstance instance, long installationId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instance);
        lock (_gate)
        {
            return Task.FromResult(Find(instance, installationId)?.ToInstallation());
        }
    }

    /// <inheritdoc />
    public Task<GitAppInstallation?> ApplyAsync(GitInstance instance, long installationId, GitAppInstallationChange change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(change);
        lock (_gate)
        {
            if (Find(instance, installationId) is not { } row)
            {
                return Task.FromResult<GitAppInstallation?>(null);
            }

            if (change.Deleted)
            {
                row.DeletedAt ??= DateTimeOffset.UtcNow;
            }

            if (change.Deleted || change.ForgetToken)
            {
                row.Token = null;
            }

            if (change.StatesSuspension && (change.UpdatedAt is null || row.StateUpdatedAt is null || row.StateUpdatedAt <= change.UpdatedAt))
            {
                row.SuspendedAt = change.SuspendedAt;
                row.StateUpdatedAt = change.UpdatedAt ?? row.StateUpdatedAt;
            }

            if (change.AllRepositories is { } all)
            {
                row.AllRepositories = all;
            }

            row.Repositories.ExceptWith(Names(change.Removed ?? []));
            row.Repositories.UnionWith(Names(change.Added ?? []));
            return Task.FromResult<GitAppInstallation?>(row.ToInstallation());
        }
    }

    /// <inheritdoc />
    public Task<(EncryptedToken Token, DateTimeOffset ExpiresAt)?> GetTokenAsync(Guid id, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_rows.GetValueOrDefault(id)?.Token);
        }
    }

    /// <inheritdoc />
    public async Task<(EncryptedToken Token, DateTimeOffset ExpiresAt)?> MintTokenAsync(
        Guid id,
        Func<(EncryptedToken Token, DateTimeOffset ExpiresAt)?, CancellationToken, Task<(EncryptedToken Token, DateTimeOffset ExpiresAt)?>> mint,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mint);
        Row? row;
        lock (_gate)
        {
            row = _rows.GetValueOrDefault(id);
        }

        if (row is null)
        {
            return null;
        }

        // One mint per installation at a time, as the row lease makes it across hosts.
        await row.Lease.WaitAsync(cancellationToken);
        try
        {
            var fresh = await mint(row.Token, cancellationToken);
            lock (_gate)
            {
                if (fresh is not null && row.DeletedAt is null)
                {
                    row.Token = fresh;
                }

                return fresh ?? row.Token;
            }
        }
        finally
        {
            row.Lease.Release();
        }
    }

    private Row? Find(GitInstance instance, long installationId) =>
        _rows.Values.FirstOrDefault(r => r.Instance.Equals(instance) && r.InstallationId == installationId);

    private static IEnumerable<string> Names(IEnumerable<string> repositories) =>
        repositories.Select(r => r.Trim().ToLowerInvariant()).Where(r => r.Length is >= 3 and <= 300);

    private sealed class Row(Guid id, GitInstance instance, long installationId)
    {
        public Guid Id { get; } = id;

        public GitInstance Instance { get; } = instance;

        public long InstallationId { get; } = installationId;

        public string? Account { get; set; }

        public bool AllRepositories { get; set; }

        public HashSet<string> Repositories { get; set; } = new(StringComparer.Ordinal);

        public DateTimeOffset? SuspendedAt { get; set; }

        public DateTimeOffset? DeletedAt { get; set; }

        public DateTimeOffset? StateUpdatedAt { get; set; }

        public (EncryptedToken Token, DateTimeOffset ExpiresAt)? Token { get; set; }

        public SemaphoreSlim Lease { get; } = new(1, 1);

        public GitAppInstallation ToInstallation() =>
            new(Id, Instance, InstallationId, Account, AllRepositories, Repositories.Order(StringComparer.Ordinal).ToArray(), SuspendedAt, DeletedAt);
    }
}
