using Bob.Git.Abstractions;
using Bob.Git.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bob.Git;

/// <summary>
/// Provider connections (plan 2.3, 2.4): connect with a token (checked against the provider before it is stored), list,
/// test, disconnect, choose a repository's default, and hand out access tokens that are valid for at least
/// <see cref="RefreshMargin"/>. A refresh runs once per connection however many callers, processes and hosts ask at
/// the same time: callers in one process share one call, and processes take the store's lock on the connection and
/// re-read it, so the second finds the tokens the first stored. Tokens never reach a log or an exception message.
/// </summary>
public sealed partial class GitConnectionService(
    IGitConnectionStore connections,
    IRepositoryStore repositories,
    IEnumerable<IGitProviderClientFactory> clientFactories,
    IEnumerable<IGitOAuthClient> oauthClients,
    IOAuthStateStore oauthStates,
    GitInstanceRegistry instances,
    InstanceAddressGuard guard,
    TimeProvider timeProvider,
    ILogger<GitConnectionService>? logger = null)
{
    /// <summary>How long a started OAuth authorization may take before its callback is refused.</summary>
    public static readonly TimeSpan AuthorizationLifetime = TimeSpan.FromMinutes(10);

    /// <summary>An access token that expires sooner than this is refreshed before use.</summary>
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;
    private readonly Dictionary<GitProvider, IGitProviderClientFactory> _clientFactories = clientFactories.ToDictionary(f => f.Provider);
    private readonly Dictionary<GitProvider, IGitOAuthClient> _oauthClients = oauthClients.ToDictionary(c => c.Provider);
    private readonly SingleFlight<Guid, TokenSet> _refreshes = new();

    /// <summary>
    /// The instance a connect request means: <paramref name="instanceUrl"/> when given (a self-hosted GitLab or Gitea, a
    /// GitHub Enterprise Server), else the provider's configured or cloud instance.
    /// </summary>
    /// <exception cref="GitFieldException">(<c>instanceUrl</c>) The URL is not an absolute http(s) URL, or Gitea is asked for without one and none is configured.</exception>
    /// <exception cref="InstanceNotAllowedException">The instance may not be contacted (SSRF guard).</exception>
    public GitInstance ResolveInstance(GitProvider provider, string? instanceUrl)
    {
        GitInstance instance;
        if (string.IsNullOrWhiteSpace(instanceUrl))
        {
            instance = instances.DefaultInstance(provider)
                ?? throw new GitFieldException("instanceUrl", $"{provider.ToDisplayName()} has no default instance here: give instanceUrl.");
        }
        else if (instanceUrl.Length > RepositoryService.MaxRemoteUrlLength || TextRules.HasControlCharacters(instanceUrl))
        {
            throw new GitFieldException("instanceUrl", $"An instance URL has at most {RepositoryService.MaxRemoteUrlLength} characters and no control characters.");
        }
        else if (!GitInstance.TryCreate(provider, instanceUrl, out var parsed, out var error))
        {
            throw new GitFieldException("instanceUrl", TextRules.Excerpt(error ?? "The instance URL is not valid.", 300));
        }
        else
        {
            instance = parsed;
        }

        if (!instance.IsCloud)
        {
            guard.EnsureAllowed(instance);
        }

        return instance;
    }

    /// <summary>Checks a personal (or project, group) access token against the provider and stores it encrypted.</summary>
    /// <exception cref="GitFieldException">The token is not printable ASCII (<c>token</c>), or the instance URL is not usable (<c>instanceUrl</c>).</exception>
    /// <exception cref="ProviderUnauthorizedException">The provider rejected the token.</exception>
    /// <exception cref="InstanceNotAllowedException">The instance may not be contacted (SSRF guard).</exception>
    public async Task<GitConnection> ConnectWithTokenAsync(Guid userId, GitProvider provider, string? instanceUrl, string token, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        token = token.Trim();
        if (!TextRules.IsTokenText(token))
        {
            // Checked before any request: such a token cannot travel in a header, and the provider would never accept it.
            throw new GitFieldException("token", "A token is printable ASCII without spaces or control characters.");
        }

        var instance = ResolveInstance(provider, instanceUrl);
        var user = await ClientFactory(provider).Create(instance, token).GetCurrentUserAsync(cancellationToken).ConfigureAwait(false);
        var connection = await connections.SaveAsync(userId, instance, user.AccountId, new TokenSet(token, scopes: Scopes(user)), cancellationToken).ConfigureAwait(false);
        LogConnected(_logger, userId, instance.ToString(), user.Login, connection.Id);
        return connection;
    }

    /// <summary>
    /// Starts connecting with OAuth: records a single-use state and a PKCE verifier for <paramref name="userId"/>, and returns
    /// the provider URL to send the user to.
    /// </summary>
    /// <exception cref="GitProviderNotAvailableException">No OAuth application is configured for the instance.</exception>
    public async Task<Uri> StartOAuthAsync(Guid userId, GitProvider provider, string? instanceUrl, Uri redirectUri, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(redirectUri);
        var instance = ResolveInstance(provider, instanceUrl);
        var oauth = OAuthClient(instance);
        var state = Pkce.CreateState();
        var verifier = Pkce.CreateVerifier();
        await oauthStates.SaveAsync(new PendingAuthorization(state, userId, instance, verifier, redirectUri, timeProvider.GetUtcNow() + AuthorizationLifetime), cancellationToken).ConfigureAwait(false);
        return oauth.BuildAuthorizeUrl(instance, redirectUri, state, Pkce.Challenge(verifier));
    }

    /// <summary>
    /// Completes connecting with OAuth: takes the state (once), exchanges the code with the PKCE verifier, and stores the
    /// tokens for the user who started it.
    /// </summary>
    /// <exception cref="OAuthStateException">The state is unknown, used, expired, or for another provider.</exception>
    /// <exception cref="ProviderUnauthorizedException">The provider refused the code.</exception>
    public async Task<GitConnection> CompleteOAuthAsync(GitProvider provider, string state, string code, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        var pending = await oauthStates.TakeAsync(state, timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (pending is null || pending.Instance.Provider != provider)
        {
            throw new OAuthStateException("The authorization state is unknown, already used or expired: start connecting again.");
        }

        var tokens = await OAuthClient(pending.Instance).ExchangeCodeAsync(pending.Instance, code, pending.RedirectUri, pending.CodeVerifier, cancellationToken).ConfigureAwait(false);
        return await ConnectWithOAuthAsync(pending.UserId, pending.Instance, tokens, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stores the tokens of a completed OAuth authorization, for the account they belong to.</summary>
    public async Task<GitConnection> ConnectWithOAuthAsync(Guid userId, GitInstance instance, TokenSet tokens, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(tokens);
        var user = await ClientFactory(instance.Provider).Create(instance, tokens.AccessToken).GetCurrentUserAsync(cancellationToken).ConfigureAwait(false);
        var connection = await connections.SaveAsync(userId, instance, user.AccountId, tokens, cancellationToken).ConfigureAwait(false);
        LogConnected(_logger, userId, instance.ToString(), user.Login, connection.Id);
        return connection;
    }

    /// <summary>The user's connections, revoked ones included, newest first. No tokens.</summary>
    public Task<IReadOnlyList<GitConnection>> ListAsync(Guid userId, CancellationToken cancellationToken = default) =>
        connections.ListAsync(userId, cancellationToken);

    /// <summary>Asks the provider whom the connection's token belongs to (refreshing it first when due).</summary>
    /// <exception cref="GitConnectionNotFoundException">No such connection for this user, or it was revoked.</exception>
    public async Task<ConnectionTestResult> TestAsync(Guid userId, Guid connectionId, CancellationToken cancellationToken = default)
    {
        try
        {
            var client = await CreateClientAsync(userId, connectionId, cancellationToken).ConfigureAwait(false);
            var user = await client.GetCurrentUserAsync(cancellationToken).ConfigureAwait(false);
            return new ConnectionTestResult(true, user.Login, user.Scopes);
        }
        catch (Exception ex) when (ex is ProviderUnauthorizedException or ProviderForbiddenException or GitConnectionReauthorizationRequiredException)
        {
            return new ConnectionTestResult(false, null, [], ex.Message);
        }
    }

    /// <summary>Revokes the connection and erases its tokens. Returns <see langword="false"/> when there is no such connection for this user.</summary>
    public async Task<bool> DisconnectAsync(Guid userId, Guid connectionId, CancellationToken cancellationToken = default)
    {
        var revoked = await connections.RevokeAsync(userId, connectionId, cancellationToken).ConfigureAwait(false);
        if (revoked)
        {
            LogDisconnected(_logger, userId, connectionId);
        }

        return revoked;
    }

    /// <summary>Makes <paramref name="connectionId"/> the repository's default connection (setDefaultForRepo).</summary>
    /// <exception cref="RepositoryNotFoundException">No such repository for this user.</exception>
    /// <exception cref="GitConnectionNotFoundException">No such connection for this user, or it was revoked.</exception>
    /// <exception cref="GitConnectionMismatchException">The connection is on another instance than the repository.</exception>
    public async Task<Repository> SetRepositoryConnectionAsync(Guid userId, Guid repositoryId, Guid connectionId, CancellationToken cancellationToken = default)
    {
        var repository = await repositories.GetAsync(userId, repositoryId, cancellationToken).ConfigureAwait(false)
            ?? throw new RepositoryNotFoundException(repositoryId);
        var connection = await connections.GetAsync(userId, connectionId, cancellationToken).ConfigureAwait(false);
        if (connection is null || connection.IsRevoked)
        {
            throw new GitConnectionNotFoundException(connectionId);
        }

        if (!connection.Instance.Equals(repository.Remote.Instance))
        {
            throw new GitConnectionMismatchException($"Connection {connectionId} is on {connection.Instance}; repository {repositoryId} is on {repository.Remote.Instance}.");
        }

        if (!await repositories.SetConnectionAsync(userId, repositoryId, connectionId, cancellationToken).ConfigureAwait(false))
        {
            throw new RepositoryNotFoundException(repositoryId);
        }

        return repository with { ConnectionId = connectionId };
    }

    /// <summary>A provider client for the connection, with an access token valid for at least <see cref="RefreshMargin"/>.</summary>
    public async Task<IGitProviderClient> CreateClientAsync(Guid userId, Guid connectionId, CancellationToken cancellationToken = default)
    {
        var (connection, token) = await GetAccessTokenCoreAsync(userId, connectionId, cancellationToken).ConfigureAwait(false);
        return ClientFactory(connection.Instance.Provider).Create(connection.Instance, token);
    }

    /// <summary>
    /// ensureValidAccessToken: the connection's access token, refreshed first when it expires within
    /// <see cref="RefreshMargin"/>. Concurrent callers for one connection, in any process, cause one refresh.
    /// </summary>
    /// <exception cref="GitConnectionNotFoundException">No such connection for this user, or it was revoked.</exception>
    /// <exception cref="GitConnectionReauthorizationRequiredException">The provider refused the refresh for good; the user must connect again.</exception>
    /// <exception cref="ProviderUnavailableException">The provider failed or timed out after retries; try again later.</exception>
    public async Task<string> GetAccessTokenAsync(Guid userId, Guid connectionId, CancellationToken cancellationToken = default) =>
        (await GetAccessTokenCoreAsync(userId, connectionId, cancellationToken).ConfigureAwait(false)).Token;

    private async Task<(GitConnection Connection, string Token)> GetAccessTokenCoreAsync(Guid userId, Guid connectionId, CancellationToken cancellationToken)
    {
        var connection = await connections.GetAsync(userId, connectionId, cancellationToken).ConfigureAwait(false);
        if (connection is null || connection.IsRevoked)
        {
            throw new GitConnectionNotFoundException(connectionId);
        }

        if (connection.RequiresReauthorization)
        {
            throw new GitConnectionReauthorizationRequiredException(connectionId, connection.ReauthorizationReason ?? "a refresh was refused", connection.Instance.Provider);
        }

        var tokens = await connections.GetTokensAsync(userId, connectionId, cancellationToken).ConfigureAwait(false)
            ?? throw new GitConnectionNotFoundException(connectionId);
        if (!IsDue(tokens))
        {
            return (connection, tokens.AccessToken);
        }

        if (tokens.RefreshToken is null)
        {
            if (tokens.AccessTokenExpiresAt <= timeProvider.GetUtcNow())
            {
                throw new GitConnectionReauthorizationRequiredException(connectionId, "the access token expired and the grant has no refresh token", connection.Instance.Provider);
            }

            return (connection, tokens.AccessToken);
        }

        // One refresh per connection in this process; the store's lock makes it one across processes and hosts.
        var fresh = await _refreshes.RunAsync(connectionId, _ => RefreshAsync(userId, connection), cancellationToken).ConfigureAwait(false);
        return (connection, fresh.AccessToken);
    }

    private async Task<TokenSet> RefreshAsync(Guid userId, GitConnection connection)
    {
        var oauth = OAuthClient(connection.Instance);
        try
        {
            // Shared by every waiting caller, so no single caller's cancellation applies; HTTP timeouts bound it.
            var result = await connections.RefreshTokensAsync(userId, connection.Id, async (current, token) =>
            {
                if (!IsDue(current) || current.RefreshToken is null)
                {
                    return null; // another process refreshed while this one waited for the lock
                }

                TokenSet refreshed;
                try
                {
                    refreshed = await oauth.RefreshAsync(connection.Instance, current.RefreshToken, token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    GitTelemetry.Refresh(connection.Instance.Provider, ex is ProviderUnauthorizedException ? "reauthorization_required" : "failed");
                    throw;
                }

                GitTelemetry.Refresh(connection.Instance.Provider, "refreshed");
                LogRefreshed(_logger, connection.Id, refreshed.AccessTokenExpiresAt);
                return refreshed;
            }, CancellationToken.None).ConfigureAwait(false);
            return result ?? throw new GitConnectionNotFoundException(connection.Id);
        }
        catch (ProviderUnauthorizedException ex)
        {
            // invalid_grant and its kin: the refresh token is spent or revoked; the store marked the connection under its lock.
            LogReauthorizationRequired(_logger, connection.Id, ex.Message);
            throw new GitConnectionReauthorizationRequiredException(connection.Id, ex.Message, connection.Instance.Provider, ex);
        }
    }

    private bool IsDue(TokenSet tokens) =>
        tokens.AccessTokenExpiresAt is { } expiresAt && expiresAt - timeProvider.GetUtcNow() <= RefreshMargin;

    private IGitOAuthClient OAuthClient(GitInstance instance) =>
        _oauthClients.TryGetValue(instance.Provider, out var client) && client.Supports(instance)
            ? client
            : throw new GitProviderNotAvailableException($"No OAuth application is configured for {instance}: set Providers:{instance.Provider}:ClientId and ClientSecret for it.");

    private IGitProviderClientFactory ClientFactory(GitProvider provider) =>
        _clientFactories.TryGetValue(provider, out var factory)
            ? factory
            : throw new GitProviderNotAvailableException($"{provider.ToDisplayName()} is not registered: call AddBobGit().Add{provider}().");

    private static string? Scopes(ProviderUser user) => user.Scopes.Count == 0 ? null : string.Join(',', user.Scopes);

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} connected {Instance} as {Login} (connection {ConnectionId})")]
    private static partial void LogConnected(ILogger logger, Guid userId, string instance, string login, Guid connectionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} disconnected connection {ConnectionId}; its tokens are erased")]
    private static partial void LogDisconnected(ILogger logger, Guid userId, Guid connectionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Refreshed the tokens of connection {ConnectionId}; the access token now expires at {ExpiresAt}")]
    private static partial void LogRefreshed(ILogger logger, Guid connectionId, DateTimeOffset? expiresAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connection {ConnectionId} must be authorized again: {Reason}")]
    private static partial void LogReauthorizationRequired(ILogger logger, Guid connectionId, string reason);
}
