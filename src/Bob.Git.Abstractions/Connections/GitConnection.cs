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
/// <param name="AppInstallationId">
/// For a connection of kind <c>github-app</c>: the row of its <see cref="GitAppInstallation"/>, whose installation token its
/// git and API calls use (the connection's own tokens are the user's App authorization). <see langword="null"/> otherwise.
/// </param>
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
    string? ReauthorizationReason = null,
    Guid? AppInstallationId = null)
{
    /// <summary>The kind of connection: <c>github-app</c> for an App installation, else <c>token</c> (a personal or OAuth token).</summary>
    public string Kind => AppInstallationId is null ? "token" : "github-app";

    /// <summary>Whether the connection has been revoked.</summary>
    public bool IsRevoked => RevokedAt is not null;

    /// <summary>Whether the user must authorize the connection again before it can be used.</summary>
    public bool RequiresReauthorization => ReauthorizationRequiredAt is not null;
}
