using Bob.Git.Abstractions;
using Bob.Vault;

namespace Bob.Git;

/// <summary>
/// The one place connection tokens are encrypted and decrypted: each token with <see cref="TokenVault"/>, bound to the
/// connection's row and its column, before it reaches the <see cref="IGitConnectionStore"/>, which sees only ciphertext.
/// </summary>
public sealed class GitConnectionTokens(IGitConnectionStore store, TokenVault vault)
{
    /// <summary>
    /// Stores a connection with its tokens, encrypted for its row; when the user already has a connection to the same
    /// account on the same instance (and, for a <c>github-app</c> connection, the same installation <paramref name="appInstallationId"/>),
    /// replaces its tokens and scopes (and lifts a revocation) instead.
    /// </summary>
    public async Task<GitConnection> SaveAsync(Guid userId, GitInstance instance, string providerAccountId, TokenSet tokens, Guid? appInstallationId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentException.ThrowIfNullOrWhiteSpace(providerAccountId);
        ArgumentNullException.ThrowIfNull(tokens);
        while (true)
        {
            // The row id is the HKDF salt and part of the associated data, so it is known before encrypting; a concurrent
            // first save of the same account may take another id, and then the tokens are encrypted again for that one.
            var id = await store.GetOrNewIdAsync(userId, instance, providerAccountId, appInstallationId, cancellationToken).ConfigureAwait(false);
            var saved = await store.SaveAsync(id, userId, instance, providerAccountId, Protect(id, tokens), appInstallationId, cancellationToken).ConfigureAwait(false);
            if (saved is not null)
            {
                return saved;
            }
        }
    }

    /// <summary>The decrypted tokens of the user's connection, or <see langword="null"/> when it does not exist, is another user's, or was revoked.</summary>
    /// <exception cref="TokenDecryptionException">The stored tokens cannot be decrypted (retired key, tampering, moved ciphertext).</exception>
    public async Task<TokenSet?> GetAsync(Guid userId, Guid connectionId, CancellationToken cancellationToken = default) =>
        await store.GetTokensAsync(userId, connectionId, cancellationToken).ConfigureAwait(false) is { } stored ? Unprotect(connectionId, stored) : null;

    /// <summary>
    /// Runs <paramref name="refresh"/> on the decrypted tokens under the store's lease on the connection (see
    /// <see cref="IGitConnectionStore.RefreshTokensAsync"/>) and stores what it returns, encrypted.
    /// </summary>
    /// <returns>The tokens after the call, or <see langword="null"/> when the connection does not exist, is another user's, or was revoked.</returns>
    /// <exception cref="TokenDecryptionException">The stored tokens cannot be decrypted.</exception>
    public async Task<TokenSet?> RefreshAsync(Guid userId, Guid connectionId, Func<TokenSet, CancellationToken, Task<TokenSet?>> refresh, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(refresh);
        var result = await store.RefreshTokensAsync(
            userId,
            connectionId,
            async (current, token) => await refresh(Unprotect(connectionId, current), token).ConfigureAwait(false) is { } fresh ? Protect(connectionId, fresh) : null,
            cancellationToken).ConfigureAwait(false);
        return result is null ? null : Unprotect(connectionId, result);
    }

    private ProtectedTokenSet Protect(Guid connectionId, TokenSet tokens) => new(
        vault.Encrypt(tokens.AccessToken, TokenLocation.AccessToken(connectionId)),
        tokens.RefreshToken is null ? null : vault.Encrypt(tokens.RefreshToken, TokenLocation.RefreshToken(connectionId)),
        tokens.AccessTokenExpiresAt,
        tokens.RefreshTokenExpiresAt,
        tokens.Scopes);

    private TokenSet Unprotect(Guid connectionId, ProtectedTokenSet stored) => new(
        vault.Decrypt(stored.AccessToken, TokenLocation.AccessToken(connectionId)),
        stored.RefreshToken is { } refresh ? vault.Decrypt(refresh, TokenLocation.RefreshToken(connectionId)) : null,
        stored.AccessTokenExpiresAt,
        stored.RefreshTokenExpiresAt,
        stored.Scopes);
}
