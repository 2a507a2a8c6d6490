namespace Bob.Git.Abstractions;

/// <summary>
/// A connection's tokens as a store keeps them: encrypted, each bound to the connection's row and its column, with the
/// plain metadata beside them. Only <c>Bob.Git</c>'s <c>GitConnectionTokens</c> encrypts and decrypts them.
/// </summary>
/// <param name="AccessToken">The encrypted access token.</param>
/// <param name="RefreshToken">The encrypted refresh token, when the grant has one (written under the same key as the access token).</param>
/// <param name="AccessTokenExpiresAt">When the access token expires (UTC), if it does.</param>
/// <param name="RefreshTokenExpiresAt">When the refresh token expires (UTC), if known.</param>
/// <param name="Scopes">The granted scopes, as the provider lists them.</param>
public sealed record ProtectedTokenSet(
    EncryptedToken AccessToken,
    EncryptedToken? RefreshToken,
    DateTimeOffset? AccessTokenExpiresAt,
    DateTimeOffset? RefreshTokenExpiresAt,
    string? Scopes);
