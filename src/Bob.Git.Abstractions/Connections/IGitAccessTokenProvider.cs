namespace Bob.Git.Abstractions;

/// <summary>
/// ensureValidAccessToken (plan 2.4): hands out a connection's access token, refreshed first when it is about to expire.
/// Concurrent callers for one connection, in any process or host, cause one refresh. Tokens never reach a log or an
/// exception message.
/// </summary>
public interface IGitAccessTokenProvider
{
    /// <summary>
    /// The connection's access token, valid for at least a few minutes more. For a connection of kind <c>github-app</c> it
    /// is the installation's token (minted once across hosts when none is fresh), and <paramref name="repository"/>, when
    /// given, must be one the installation covers.
    /// </summary>
    /// <exception cref="BobNotFoundException">No such connection for this user, or it was revoked.</exception>
    /// <exception cref="GitAppInstallationUnavailableException">The connection's App installation was uninstalled, is suspended, or does not cover <paramref name="repository"/>.</exception>
    /// <exception cref="GitConnectionReauthorizationRequiredException">The provider refused the refresh for good; the user must connect again.</exception>
    /// <exception cref="GitProviderException">The provider failed or timed out after retries; try again later.</exception>
    Task<string> GetAccessTokenAsync(Guid userId, Guid connectionId, RemoteRepositoryIdentity? repository = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// The connection's own access token, refreshed first when due: for a <c>github-app</c> connection the user's App
    /// authorization (refreshed with the App's client, its refresh token rotating); for any other the same token as
    /// <see cref="GetAccessTokenAsync"/>.
    /// </summary>
    /// <exception cref="BobNotFoundException">No such connection for this user, or it was revoked.</exception>
    /// <exception cref="GitConnectionReauthorizationRequiredException">The provider refused the refresh for good; the user must authorize again.</exception>
    Task<string> GetUserAccessTokenAsync(Guid userId, Guid connectionId, CancellationToken cancellationToken = default);

    /// <summary>A provider client for the connection, authenticated with an access token from <see cref="GetAccessTokenAsync"/>.</summary>
    /// <exception cref="BobNotFoundException">No such connection for this user, or it was revoked.</exception>
    /// <exception cref="GitConnectionReauthorizationRequiredException">The user must connect again.</exception>
    /// <exception cref="GitAppInstallationUnavailableException">The connection's App installation cannot be used for <paramref name="repository"/>.</exception>
    Task<IGitProviderClient> CreateClientAsync(Guid userId, Guid connectionId, RemoteRepositoryIdentity? repository = null, CancellationToken cancellationToken = default);
}
