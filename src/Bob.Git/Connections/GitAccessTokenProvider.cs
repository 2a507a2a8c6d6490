using Bob.Git.Abstractions;
using Bob.Git.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bob.Git;

/// <summary>
/// The default <see cref="IGitAccessTokenProvider"/>: a connection's access token, refreshed first when it expires within
/// <see cref="RefreshMargin"/>. A refresh runs once per connection however many callers, processes and hosts ask at the
/// same time: callers in one process share one call, and processes take the store's lease on the connection and re-read
/// it, so the second finds the tokens the first stored. No database connection is held while the provider answers. A
/// connection of kind <c>github-app</c> hands out its installation's token (<see cref="GitAppInstallationTokens"/>); its own
/// tokens, the user's App authorization, come from <see cref="GetUserAccessTokenAsync"/>.
/// </summary>
public sealed partial class GitAccessTokenProvider(
    IGitConnectionStore connections,
    GitConnectionTokens tokens,
    GitProviders providers,
    TimeProvider timeProvider,
    ILogger<GitAccessTokenProvider>? logger = null,
    GitTelemetry? telemetry = null,
    IGitAppInstallationStore? appInstallations = null,
    GitAppInstallationTokens? appTokens = null) : IGitAccessTokenProvider
{
    /// <summary>An access token that expires sooner than this is refreshed before use.</summary>
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;
    private readonly SingleFlight<Guid, TokenSet> _refreshes = new();

    /// <inheritdoc />
    public async Task<string> GetAccessTokenAsync(Guid userId, Guid connectionId, RemoteRepositoryIdentity? repository = null, CancellationToken cancellationToken = default) =>
        (await GetCoreAsync(userId, connectionId, repository, cancellationToken).ConfigureAwait(false)).Token;

    /// <inheritdoc />
    public async Task<IGitProviderClient> CreateClientAsync(Guid userId, Guid connectionId, RemoteRepositoryIdentity? repository = null, CancellationToken cancellationToken = default)
    {
        var (connection, token) = await GetCoreAsync(userId, connectionId, repository, cancellationToken).ConfigureAwait(false);
        return providers.ClientFactory(connection.Instance.Provider).Create(connection.Instance, token);
    }

    /// <inheritdoc />
    public async Task<string> GetUserAccessTokenAsync(Guid userId, Guid connectionId, CancellationToken cancellationToken = default) =>
        (await GetUserCoreAsync(userId, await GetConnectionAsync(userId, connectionId, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false)).Token;

    private async Task<GitConnection> GetConnectionAsync(Guid userId, Guid connectionId, CancellationToken cancellationToken)
    {
        var connection = await connections.GetAsync(userId, connectionId, cancellationToken).ConfigureAwait(false);
        return connection is null || connection.IsRevoked ? throw BobNotFoundException.ForConnection(connectionId) : connection;
    }

    private async Task<(GitConnection Connection, string Token)> GetCoreAsync(Guid userId, Guid connectionId, RemoteRepositoryIdentity? repository, CancellationToken cancellationToken)
    {
        var connection = await GetConnectionAsync(userId, connectionId, cancellationToken).ConfigureAwait(false);
        if (connection.AppInstallationId is not { } installationRow)
        {
            return await GetUserCoreAsync(userId, connection, cancellationToken).ConfigureAwait(false);
        }

        // The App's installation acts, not the user: its token, whatever the state of the user's own authorization.
        if (appInstallations is null || appTokens is null)
        {
            throw new BobConfigurationException($"Connection {connectionId} is a GitHub App connection, and App support is not registered: call AddBobGit().AddGitHub().");
        }

        var installation = await appInstallations.GetAsync(installationRow, cancellationToken).ConfigureAwait(false)
            ?? throw BobNotFoundException.ForConnection(connectionId);
        GitAppInstallationTokens.EnsureUsable(installation);
        if (repository is not null && !installation.Covers(repository.Owner, repository.Name))
        {
            var on = installation.Account ?? $"installation {installation.InstallationId}";
            throw new GitAppInstallationUnavailableException(installation.InstallationId, "not-covered",
                $"The {connection.Instance.Provider.ToDisplayName()} App's installation on {on} does not cover {repository.Owner}/{repository.Name}: install the App on {repository.Owner}/{repository.Name} again (or add the repository to the installation's repository access).");
        }

        var token = await appTokens.GetAsync(installation, cancellationToken).ConfigureAwait(false);
        return (connection, token.Token);
    }

    private async Task<(GitConnection Connection, string Token)> GetUserCoreAsync(Guid userId, GitConnection connection, CancellationToken cancellationToken)
    {
        var connectionId = connection.Id;

        if (connection.RequiresReauthorization)
        {
            throw new GitConnectionReauthorizationRequiredException(connectionId, connection.ReauthorizationReason ?? "a refresh was refused", connection.Instance.Provider);
        }

        var current = await tokens.GetAsync(userId, connectionId, cancellationToken).ConfigureAwait(false)
            ?? throw BobNotFoundException.ForConnection(connectionId);
        if (!IsDue(current))
        {
            return (connection, current.AccessToken);
        }

        if (current.RefreshToken is null)
        {
            if (current.AccessTokenExpiresAt <= timeProvider.GetUtcNow())
            {
                throw new GitConnectionReauthorizationRequiredException(connectionId, "the access token expired and the grant has no refresh token", connection.Instance.Provider);
            }

            return (connection, current.AccessToken);
        }

        // One refresh per connection in this process; the store's lease makes it one across processes and hosts.
        var fresh = await _refreshes.RunAsync(connectionId, _ => RefreshAsync(userId, connection), cancellationToken).ConfigureAwait(false);
        return (connection, fresh.AccessToken);
    }

    private async Task<TokenSet> RefreshAsync(Guid userId, GitConnection connection)
    {
        IGitOAuthClient oauth = connection.AppInstallationId is not null && appTokens is not null
            ? appTokens.App(connection.Instance) // an App user token is refreshed with the App's client id and secret
            : providers.OAuthClient(connection.Instance);
        try
        {
            // Shared by every waiting caller, so no single caller's cancellation applies; HTTP timeouts bound it.
            var result = await tokens.RefreshAsync(userId, connection.Id, async (current, token) =>
            {
                if (!IsDue(current) || current.RefreshToken is null)
                {
                    return null; // another process refreshed while this one waited for the lease
                }

                TokenSet refreshed;
                try
                {
                    refreshed = await oauth.RefreshAsync(connection.Instance, current.RefreshToken, token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    telemetry?.Refresh(connection.Instance.Provider, ex is GitProviderException { Kind: BobErrorKind.Unauthorized } ? "reauthorization_required" : "failed");
                    throw;
                }

                telemetry?.Refresh(connection.Instance.Provider, "refreshed");
                LogRefreshed(_logger, connection.Id, refreshed.AccessTokenExpiresAt);
                return refreshed;
            }, CancellationToken.None).ConfigureAwait(false);
            return result ?? throw BobNotFoundException.ForConnection(connection.Id);
        }
        catch (GitProviderException ex) when (ex.Kind == BobErrorKind.Unauthorized)
        {
            // invalid_grant and its kin: the refresh token is spent or revoked; the store marked the connection as it gave the lease back.
            LogReauthorizationRequired(_logger, connection.Id, ex.Message);
            throw new GitConnectionReauthorizationRequiredException(connection.Id, ex.Message, connection.Instance.Provider, ex);
        }
    }

    private bool IsDue(TokenSet current) =>
        current.AccessTokenExpiresAt is { } expiresAt && expiresAt - timeProvider.GetUtcNow() <= RefreshMargin;

    [LoggerMessage(Level = LogLevel.Information, Message = "Refreshed the tokens of connection {ConnectionId}; the access token now expires at {ExpiresAt}")]
    private static partial void LogRefreshed(ILogger logger, Guid connectionId, DateTimeOffset? expiresAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connection {ConnectionId} must be authorized again: {Reason}")]
    private static partial void LogReauthorizationRequired(ILogger logger, Guid connectionId, string reason);
}
