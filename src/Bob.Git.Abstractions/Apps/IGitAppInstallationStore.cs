namespace Bob.Git.Abstractions;

/// <summary>
/// Keeps App installations (issue 22): which repositories each covers, whether it is suspended or uninstalled, and its
/// installation access token, encrypted (a store sees only ciphertext, which <c>Bob.Git</c> encrypts for the row).
/// Installations are shared by every user whose connection uses them.
/// </summary>
public interface IGitAppInstallationStore
{
    /// <summary>
    /// Records the installation as the provider states it (the install flow, a <c>created</c> delivery): its account and
    /// selection always; its repositories when <paramref name="repositories"/> is given; never lifts an uninstall.
    /// </summary>
    Task<GitAppInstallation> SaveAsync(GitInstance instance, long installationId, string? account, bool allRepositories, IReadOnlyCollection<string>? repositories, CancellationToken cancellationToken = default);

    /// <summary>The installation of row <paramref name="id"/>, or <see langword="null"/>.</summary>
    Task<GitAppInstallation?> GetAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>The installation <paramref name="installationId"/> on <paramref name="instance"/>, or <see langword="null"/> when the suite has not seen it.</summary>
    Task<GitAppInstallation?> FindAsync(GitInstance instance, long installationId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies what a delivery says, when the suite knows the installation: an uninstall (final, and erases its token);
    /// otherwise its suspension as of <see cref="GitAppInstallationChange.UpdatedAt"/> (an older delivery than the last applied changes
    /// nothing), its selection, and repositories added and removed.
    /// </summary>
    /// <returns>The installation after the change, or <see langword="null"/> when the suite does not know it.</returns>
    Task<GitAppInstallation?> ApplyAsync(GitInstance instance, long installationId, GitAppInstallationChange change, CancellationToken cancellationToken = default);

    /// <summary>The installation's stored token (encrypted) and its expiry, or <see langword="null"/> when none is stored.</summary>
    Task<(EncryptedToken Token, DateTimeOffset ExpiresAt)?> GetTokenAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs <paramref name="mint"/> on the installation's current token (or none) under a lease on the installation that
    /// every process and host sharing the store respects, and stores what it returns. Callers that wait for the lease (holding
    /// no database connection) then see the token the first one stored, so concurrent mints collapse into one; a lease
    /// whose holder died runs out. <paramref name="mint"/> returns <see langword="null"/> to keep the token as it is.
    /// </summary>
    /// <returns>The token after the call, or <see langword="null"/> when there is none (the installation is unknown, or <paramref name="mint"/> kept none).</returns>
    Task<(EncryptedToken Token, DateTimeOffset ExpiresAt)?> MintTokenAsync(
        Guid id,
        Func<(EncryptedToken Token, DateTimeOffset ExpiresAt)?, CancellationToken, Task<(EncryptedToken Token, DateTimeOffset ExpiresAt)?>> mint,
        CancellationToken cancellationToken = default);

    /// <summary>The instances on which the suite keeps an installation that is not uninstalled (whose App webhook delivers to it).</summary>
    Task<IReadOnlyList<GitInstance>> ListInstancesAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs <paramref name="change"/> on how far the App's own delivery log on <paramref name="instance"/> was read (the row made
    /// when missing) under a lease on it that every process sharing the store respects, and stores what it returns
    /// (<see langword="null"/>: nothing).
    /// </summary>
    /// <returns>The log's row after the change.</returns>
    Task<GitAppHookLog> ChangeHookLogAsync(GitInstance instance, Func<GitAppHookLog, CancellationToken, Task<GitAppHookLogChange?>> change, CancellationToken cancellationToken = default);
}

/// <summary>How far a GitHub App's own webhook delivery log on one instance was read (issue 23).</summary>
/// <param name="Instance">The instance.</param>
/// <param name="Cursor">The newest log entry seen.</param>
/// <param name="CheckedAt">When it was last read.</param>
/// <param name="RedeliveredCount">How many failed deliveries were asked for again.</param>
/// <param name="LastFailureAt">When the log last showed a failed delivery.</param>
public sealed record GitAppHookLog(GitInstance Instance, string? Cursor, DateTimeOffset? CheckedAt, int RedeliveredCount, DateTimeOffset? LastFailureAt);

/// <summary>What one read of an App's delivery log changes.</summary>
/// <param name="Cursor">The newest entry handled (<see langword="null"/>: as it was).</param>
/// <param name="CheckedAt">When it was read.</param>
/// <param name="Redelivered">Deliveries asked for again by this read.</param>
/// <param name="LastFailureAt">The latest failure it saw, if any.</param>
public sealed record GitAppHookLogChange(string? Cursor, DateTimeOffset CheckedAt, int Redelivered, DateTimeOffset? LastFailureAt);

/// <summary>A change to an installation a delivery (or the provider's answer to a mint) states.</summary>
/// <param name="Deleted">It was uninstalled (final).</param>
/// <param name="SuspendedAt">Its suspension as stated: a time when suspended, <see langword="null"/> when not; applies only with <see cref="UpdatedAt"/> newer than the last applied, or when <see cref="UpdatedAt"/> is unknown.</param>
/// <param name="UpdatedAt">The installation's <c>updated_at</c> as the delivery states it.</param>
/// <param name="AllRepositories">Its selection, when the delivery states it.</param>
/// <param name="Added">Repositories added.</param>
/// <param name="Removed">Repositories removed.</param>
public sealed record GitAppInstallationChange(
    bool Deleted = false,
    DateTimeOffset? SuspendedAt = null,
    DateTimeOffset? UpdatedAt = null,
    bool? AllRepositories = null,
    IReadOnlyCollection<string>? Added = null,
    IReadOnlyCollection<string>? Removed = null)
{
    /// <summary>
    /// Whether to erase the stored token, so the next caller mints one: after <c>new_permissions_accepted</c>, since a token
    /// keeps the permissions it was minted with.
    /// </summary>
    public bool ForgetToken { get; init; }

    /// <summary>Whether the change states the suspension (<see cref="SuspendedAt"/> is to be applied, <see langword="null"/> meaning not suspended).</summary>
    public bool StatesSuspension { get; init; }
}
