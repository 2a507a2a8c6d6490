using Bob.Git.Abstractions;

namespace Bob.Testing;

/// <summary>
/// An <see cref="IRepositoryWebhookStore"/> in memory with the PostgreSQL store's contract
/// (<see cref="RepositoryWebhookStoreContract"/> runs against both): one row per remote (owner and name compared without
/// case), changes of one remote one at a time with each seeing the last one's result. Thread-safe.
/// </summary>
/// <param name="lastDelivery">Reads a hook's last delivery time (the PostgreSQL store reads the deliveries table).</param>
public sealed class InMemoryRepositoryWebhookStore(Func<Guid, DateTimeOffset?>? lastDelivery = null) : IRepositoryWebhookStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, RepositoryWebhook> _rows = [];
    private readonly Dictionary<Guid, SemaphoreSlim> _leases = [];

    /// <inheritdoc />
    public Task<RepositoryWebhook?> FindAsync(RemoteRepositoryIdentity remote, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(remote);
        lock (_gate)
        {
            return Task.FromResult(Find(remote) is { } row ? WithDelivery(row) : null);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<RepositoryWebhook>> ListAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<RepositoryWebhook> all = [.. _rows.Values.Select(WithDelivery)];
            return Task.FromResult(all);
        }
    }

    /// <inheritdoc />
    public async Task<RepositoryWebhook?> ChangeAsync(
        RemoteRepositoryIdentity remote,
        Func<RepositoryWebhook, CancellationToken, Task<RepositoryWebhookChange?>> change,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(remote);
        ArgumentNullException.ThrowIfNull(change);
        SemaphoreSlim lease;
        Guid id;
        lock (_gate)
        {
            var row = Find(remote);
            if (row is null)
            {
                row = new RepositoryWebhook(Guid.NewGuid(), remote, null, null, [], false, null, null, null, null, null, null, null, null, 0, null, null);
                _rows[row.Id] = row;
                _leases[row.Id] = new SemaphoreSlim(1, 1);
            }

            id = row.Id;
            lease = _leases[id];
        }

        await lease.WaitAsync(cancellationToken);
        try
        {
            RepositoryWebhook? current;
            lock (_gate)
            {
                current = _rows.GetValueOrDefault(id);
            }

            if (current is null)
            {
                return await ChangeAsync(remote, change, cancellationToken); // removed meanwhile: start from a fresh row
            }

            var result = await change(WithDelivery(current), cancellationToken);
            lock (_gate)
            {
                if (result is null)
                {
                    return WithDelivery(current);
                }

                if (result.Remove)
                {
                    _rows.Remove(id);
                    return null;
                }

                var replaced = result.Secret is not null;
                var next = current with
                {
                    ProviderHookId = result.ProviderHookId ?? current.ProviderHookId,
                    Url = result.Url ?? current.Url,
                    Events = result.Events ?? current.Events,
                    Active = result.Active ?? current.Active,
                    ConnectionId = result.ConnectionId ?? current.ConnectionId,
                    Secret = result.Secret ?? current.Secret,
                    PreviousSecret = !replaced ? current.PreviousSecret : result.PreviousSecretUntil is null ? null : current.Secret,
                    PreviousSecretUntil = !replaced ? current.PreviousSecretUntil : result.PreviousSecretUntil,
                    LastFailureAt = Max(current.LastFailureAt, result.LastFailureAt),
                    CheckedAt = result.CheckedAt ?? current.CheckedAt,
                    RepairedAt = result.RepairedAt ?? current.RepairedAt,
                    RedeliveredCount = current.RedeliveredCount + result.Redelivered,
                    DeliveryLogCursor = result.DeliveryLogCursor ?? current.DeliveryLogCursor,
                    LastError = result.LastError is null ? current.LastError : result.LastError.Length == 0 ? null : result.LastError,
                };
                _rows[id] = next;
                return WithDelivery(next);
            }
        }
        finally
        {
            lease.Release();
        }
    }

    private RepositoryWebhook? Find(RemoteRepositoryIdentity remote) =>
        _rows.Values.FirstOrDefault(r => InMemoryRepositoryStore.SameRemote(r.Remote, remote));

    private RepositoryWebhook WithDelivery(RepositoryWebhook row) => row with { LastDeliveryAt = lastDelivery?.Invoke(row.Id) };

    private static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
