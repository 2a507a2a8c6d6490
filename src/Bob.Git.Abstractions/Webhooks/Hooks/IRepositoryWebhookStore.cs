namespace Bob.Git.Abstractions;

/// <summary>
/// Keeps the one hook per remote (issue 23). Secrets reach it encrypted only. Changes run under a lease on the remote's row
/// that every process sharing the store respects, so two hosts registering the same remote make one hook.
/// </summary>
public interface IRepositoryWebhookStore
{
    /// <summary>The remote's hook row, or <see langword="null"/>.</summary>
    Task<RepositoryWebhook?> FindAsync(RemoteRepositoryIdentity remote, CancellationToken cancellationToken = default);

    /// <summary>Every hook row (the repair round and the hosts' secret caches read them).</summary>
    Task<IReadOnlyList<RepositoryWebhook>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs <paramref name="change"/> on the remote's row (made when missing) under the row's lease, and applies what it returns.
    /// Callers that wait for the lease (holding no database connection) then see what the first one stored; a lease whose
    /// holder died runs out. <paramref name="change"/> returns <see langword="null"/> to leave the row as it is.
    /// </summary>
    /// <returns>The row after the change, or <see langword="null"/> when it was removed.</returns>
    Task<RepositoryWebhook?> ChangeAsync(
        RemoteRepositoryIdentity remote,
        Func<RepositoryWebhook, CancellationToken, Task<RepositoryWebhookChange?>> change,
        CancellationToken cancellationToken = default);
}
