namespace Bob.Git.Abstractions;

/// <summary>What the backfill sync (plan 3.4) reads and leases.</summary>
public interface IGitSyncStore
{
    /// <summary>
    /// One registration per remote repository worth syncing: those with stored open or draft pull requests, and those
    /// registered or changed since <paramref name="activeSince"/>; each a registration whose connection is usable.
    /// </summary>
    Task<IReadOnlyList<Repository>> ListTargetsAsync(DateTimeOffset activeSince, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes the remote's sync lease for <paramref name="lease"/> when nobody holds it and nobody synced it since
    /// <paramref name="roundStart"/>; returns the lease id, or <see langword="null"/> to skip it.
    /// </summary>
    Task<Guid?> TryLeaseAsync(RemoteRepositoryIdentity remote, DateTimeOffset roundStart, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>Gives the lease back; with <paramref name="synced"/>, records the remote as synced now.</summary>
    Task ReleaseAsync(RemoteRepositoryIdentity remote, Guid leaseId, bool synced, CancellationToken cancellationToken = default);

    /// <summary>The numbers of the remote's pull requests stored as open or draft.</summary>
    Task<IReadOnlyList<int>> OpenNumbersAsync(RemoteRepositoryIdentity remote, CancellationToken cancellationToken = default);
}
