namespace Bob.Git.Abstractions;

/// <summary>
/// Stores provider connections and their tokens, encrypted: a store sees only ciphertext (<see cref="ProtectedTokenSet"/>),
/// which <c>Bob.Git</c>'s <c>GitConnectionTokens</c> encrypts for the row and column it goes to and decrypts after reading.
/// Every read is scoped to one user: another user's id is simply not found.
/// </summary>
public interface IGitConnectionStore
{
    /// <summary>
    /// The id the connection of this user to this account on this instance has, or a new one when there is none yet:
    /// tokens are encrypted for their row, so the id comes before the ciphertext. A connection of kind <c>github-app</c> is
    /// another connection than the token connection to the same account: <paramref name="appInstallationId"/> is part of the key.
    /// </summary>
    Task<Guid> GetOrNewIdAsync(Guid userId, GitInstance instance, string providerAccountId, Guid? appInstallationId = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores the connection <paramref name="connectionId"/> with its tokens (encrypted for that id); when it exists, replaces
    /// its tokens and scopes and lifts a revocation or a required re-authorization.
    /// </summary>
    /// <returns>
    /// The connection, or <see langword="null"/> when another connection of the user to the same account was stored under
    /// another id in the meantime (a concurrent save): ask <see cref="GetOrNewIdAsync"/> again and encrypt for that id.
    /// </returns>
    Task<GitConnection?> SaveAsync(Guid connectionId, Guid userId, GitInstance instance, string providerAccountId, ProtectedTokenSet tokens, Guid? appInstallationId = null, CancellationToken cancellationToken = default);

    /// <summary>Returns the encrypted tokens of the user's connection, or <see langword="null"/> when it does not exist, is another user's, or was revoked.</summary>
    Task<ProtectedTokenSet?> GetTokensAsync(Guid userId, Guid connectionId, CancellationToken cancellationToken = default);

    /// <summary>Returns the user's connection, or <see langword="null"/> when it does not exist or belongs to someone else.</summary>
    Task<GitConnection?> GetAsync(Guid userId, Guid connectionId, CancellationToken cancellationToken = default);

    /// <summary>Lists the user's connections, revoked ones included, newest first.</summary>
    Task<IReadOnlyList<GitConnection>> ListAsync(Guid userId, CancellationToken cancellationToken = default);

    /// <summary>Revokes the user's connection: sets <c>revoked_at</c> and erases its tokens. Returns <see langword="false"/> when it does not exist or is another user's.</summary>
    Task<bool> RevokeAsync(Guid userId, Guid connectionId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs <paramref name="refresh"/> on the connection's current (encrypted) tokens while holding a lease on the connection
    /// that every process and host sharing the store respects, and stores what it returns. Callers that wait for the lease
    /// (holding no lock and no database connection) then see the tokens the first one stored, so concurrent refreshes of one
    /// connection collapse into one; a lease whose holder died runs out. <paramref name="refresh"/> returns
    /// <see langword="null"/> to keep the tokens as they are.
    /// </summary>
    /// <returns>The tokens after the call, or <see langword="null"/> when the connection does not exist, is another user's, or was revoked.</returns>
    /// <exception cref="GitProviderException">
    /// <paramref name="refresh"/> threw it (the provider refused the grant): the connection is marked as requiring
    /// re-authorization as the lease is given back, before the exception propagates.
    /// </exception>
    /// <exception cref="GitConnectionReauthorizationRequiredException">The connection is already marked; <paramref name="refresh"/> is not called.</exception>
    Task<ProtectedTokenSet?> RefreshTokensAsync(Guid userId, Guid connectionId, Func<ProtectedTokenSet, CancellationToken, Task<ProtectedTokenSet?>> refresh, CancellationToken cancellationToken = default);

    /// <summary>Marks the connection as needing the user to authorize again (a refused refresh), with the provider's reason.</summary>
    Task MarkReauthorizationRequiredAsync(Guid userId, Guid connectionId, string reason, CancellationToken cancellationToken = default);
}
