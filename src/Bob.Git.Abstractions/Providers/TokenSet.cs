using System.Diagnostics;

namespace Bob.Git.Abstractions;

/// <summary>An access token with its optional refresh token and lifetimes. Its string form never shows the tokens.</summary>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class TokenSet
{
    /// <summary>Creates a token set.</summary>
    /// <exception cref="ArgumentException"><paramref name="accessToken"/> is empty.</exception>
    public TokenSet(string accessToken, string? refreshToken = null, DateTimeOffset? accessTokenExpiresAt = null, DateTimeOffset? refreshTokenExpiresAt = null, string? scopes = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessToken);
        AccessToken = accessToken;
        RefreshToken = refreshToken;
        AccessTokenExpiresAt = accessTokenExpiresAt?.ToUniversalTime();
        RefreshTokenExpiresAt = refreshTokenExpiresAt?.ToUniversalTime();
        Scopes = scopes;
    }

    /// <summary>The bearer token. Never log it.</summary>
    public string AccessToken { get; }

    /// <summary>The refresh token, when the grant has one. Never log it.</summary>
    public string? RefreshToken { get; }

    /// <summary>When the access token expires, in UTC; <see langword="null"/> for tokens that do not.</summary>
    public DateTimeOffset? AccessTokenExpiresAt { get; }

    /// <summary>When the refresh token expires, in UTC, when the provider says.</summary>
    public DateTimeOffset? RefreshTokenExpiresAt { get; }

    /// <summary>The granted scopes as the provider lists them.</summary>
    public string? Scopes { get; }

    /// <summary>Describes the set without its secrets.</summary>
    public override string ToString() =>
        $"TokenSet {{ AccessToken = ***, RefreshToken = {(RefreshToken is null ? "none" : "***")}, AccessTokenExpiresAt = {AccessTokenExpiresAt?.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? "never"} }}";
}
