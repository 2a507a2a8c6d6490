namespace Bob.Git.Abstractions;

/// <summary>
/// Stores provider connections and their tokens. Tokens are encrypted at rest by the implementation and are only
/// handed out by <see cref="GetTokensAsync"/>. Every read is scoped to one user: another user's id is simply not found.
/// </summary>
public interface IGitConnectionStore
{
    /// <summary>
    /// Stores a connection with its tokens; when the user already has a connection to the same account on the same
    /// instance, replaces its tokens and scopes (and lifts a revocation) instead.
    /// </summary>
    Task<GitConnection> SaveAsync(Guid userId, GitInstance instance, string providerAccountId, TokenSet tokens, CancellationToken cancellationToken = default);

    /// <summary>Returns the decrypted tokens of the user's connection, or <see langword="null"/> when it does not exist, is another user's, or was revoked.</summary>
    /// <remarks>When stored tokens cannot be decrypted, implementations throw their own typed error (Bob.Postgres: <c>Bob.Vault.TokenDecryptionException</c>, naming the key id and row).</remarks>
    Task<TokenSet?> GetTokensAsync(Guid userId, Guid connectionId, CancellationToken cancellationToken = default);

    /// <summary>Returns the user's connection, or <see langword="null"/> when it does not exist or belongs to someone else.</summary>
    Task<GitConnection?> GetAsync(Guid userId, Guid connectionId, CancellationToken cancellationToken = default);

    /// <summary>Lists the user's connections, revoked ones included, newest first.</summary>
    Task<IReadOnlyList<GitConnection>> ListAsync(Guid userId, CancellationToken cancellationToken = default);

    /// <summary>Revokes the user's connection: sets <c>revoked_at</c> and erases its tokens. Returns <see langword="false"/> when it does not exist or is another user's.</summary>
    Task<bool> RevokeAsync(Guid userId, Guid connectionId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs <paramref name="refresh"/> on the connection's current tokens while holding a lease on the connection that every
    /// process and host sharing the store respects, and stores what it returns. Callers that wait for the lease (holding no
    /// lock and no database connection) then see the tokens the first one stored, so concurrent refreshes of one connection
    /// collapse into one; a lease whose holder died runs out. <paramref name="refresh"/> returns <see langword="null"/> to keep
    /// the tokens as they are.
    /// </summary>
    /// <returns>The tokens after the call, or <see langword="null"/> when the connection does not exist, is another user's, or was revoked.</returns>
    /// <exception cref="ProviderUnauthorizedException">
    /// <paramref name="refresh"/> threw it (the provider refused the grant): the connection is marked as requiring
    /// re-authorization as the lease is given back, before the exception propagates.
    /// </exception>
    /// <exception cref="GitConnectionReauthorizationRequiredException">The connection is already marked; <paramref name="refresh"/> is not called.</exception>
    Task<TokenSet?> RefreshTokensAsync(Guid userId, Guid connectionId, Func<TokenSet, CancellationToken, Task<TokenSet?>> refresh, CancellationToken cancellationToken = default);

    /// <summary>Marks the connection as needing the user to authorize again (a refused refresh), with the provider's reason.</summary>
    Task MarkReauthorizationRequiredAsync(Guid userId, Guid connectionId, string reason, CancellationToken cancellationToken = default);
}
