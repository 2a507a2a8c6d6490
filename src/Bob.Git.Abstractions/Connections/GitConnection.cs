namespace Bob.Git.Abstractions;

/// <summary>A user's link to an account on a git provider instance. Carries no token: tokens stay encrypted in the store.</summary>
/// <param name="Id">The connection id.</param>
/// <param name="UserId">The owning user.</param>
/// <param name="Instance">The provider instance.</param>
/// <param name="ProviderAccountId">The account's id at the provider.</param>
/// <param name="Scopes">The granted scopes, when known.</param>
/// <param name="AccessTokenExpiresAt">When the access token expires, or <see langword="null"/>.</param>
/// <param name="RevokedAt">When the user disconnected it, or <see langword="null"/>.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="ReauthorizationRequiredAt">When a refresh was refused for good, so the user must connect again; <see langword="null"/> otherwise.</param>
/// <param name="ReauthorizationReason">What the provider said then.</param>
public sealed record GitConnection(
    Guid Id,
    Guid UserId,
    GitInstance Instance,
    string ProviderAccountId,
    string? Scopes,
    DateTimeOffset? AccessTokenExpiresAt,
    DateTimeOffset? RevokedAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ReauthorizationRequiredAt = null,
    string? ReauthorizationReason = null)
{
    /// <summary>Whether the connection has been revoked.</summary>
    public bool IsRevoked => RevokedAt is not null;

    /// <summary>Whether the user must authorize the connection again before it can be used.</summary>
    public bool RequiresReauthorization => ReauthorizationRequiredAt is not null;
}
