using Bob.Git.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bob.Git;

/// <summary>
/// Provider connections (plan 2.3, 2.4): connect with a token (checked against the provider before it is stored), store
/// an OAuth grant, list, test, disconnect, and choose a repository's default. Tokens are stored encrypted
/// (<see cref="GitConnectionTokens"/>) and never reach a log or an exception message. Access tokens for use come from
/// <see cref="IGitAccessTokenProvider"/>; the OAuth flow is <see cref="GitOAuthFlow"/>.
/// </summary>
public sealed partial class GitConnectionService(
    IGitConnectionStore connections,
    GitConnectionTokens tokens,
    IRepositoryStore repositories,
    GitProviders providers,
    IGitAccessTokenProvider accessTokens,
    ILogger<GitConnectionService>? logger = null,
    GitAppConnectionService? apps = null)
{
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    /// <summary>The instance a connect request means (see <see cref="GitProviders.ResolveInstance"/>).</summary>
    /// <exception cref="BobValidationException">(<c>instanceUrl</c>) The URL is not usable.</exception>
    /// <exception cref="GitProviderException">The instance may not be contacted (SSRF guard).</exception>
    public GitInstance ResolveInstance(GitProvider provider, string? instanceUrl) => providers.ResolveInstance(provider, instanceUrl);

    /// <summary>Checks a personal (or project, group) access token against the provider and stores it encrypted.</summary>
    /// <exception cref="BobValidationException">The token is not printable ASCII (<c>token</c>), or the instance URL is not usable (<c>instanceUrl</c>).</exception>
    /// <exception cref="GitProviderException">The provider rejected the token.</exception>
    /// <exception cref="GitProviderException">The instance may not be contacted (SSRF guard).</exception>
    public async Task<GitConnection> ConnectWithTokenAsync(Guid userId, GitProvider provider, string? instanceUrl, string token, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        token = token.Trim();
        if (!TextRules.IsTokenText(token))
        {
            // Checked before any request: such a token cannot travel in a header, and the provider would never accept it.
            throw new BobValidationException("token", "A token is printable ASCII without spaces or control characters.");
        }

        var instance = ResolveInstance(provider, instanceUrl);
        var user = await providers.ClientFactory(provider).Create(instance, token).GetCurrentUserAsync(cancellationToken).ConfigureAwait(false);
        var connection = await tokens.SaveAsync(userId, instance, user.AccountId, new TokenSet(token, scopes: Scopes(user)), cancellationToken: cancellationToken).ConfigureAwait(false);
        LogConnected(_logger, userId, instance.ToString(), user.Login, connection.Id);
        return connection;
    }

    /// <summary>Stores the tokens of a completed OAuth authorization, for the account they belong to.</summary>
    public async Task<GitConnection> ConnectWithOAuthAsync(Guid userId, GitInstance instance, TokenSet grant, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(grant);
        var user = await providers.ClientFactory(instance.Provider).Create(instance, grant.AccessToken).GetCurrentUserAsync(cancellationToken).ConfigureAwait(false);
        var connection = await tokens.SaveAsync(userId, instance, user.AccountId, grant, cancellationToken: cancellationToken).ConfigureAwait(false);
        LogConnected(_logger, userId, instance.ToString(), user.Login, connection.Id);
        return connection;
    }

    /// <summary>The user's connections, revoked ones included, newest first. No tokens.</summary>
    public Task<IReadOnlyList<GitConnection>> ListAsync(Guid userId, CancellationToken cancellationToken = default) =>
        connections.ListAsync(userId, cancellationToken);

    /// <summary>
    /// Asks the provider whom the connection's token belongs to (refreshing it first when due); for a <c>github-app</c>
    /// connection, also whether its installation can be used (<see cref="GitAppConnectionService.TestAsync"/>).
    /// </summary>
    /// <exception cref="BobNotFoundException">No such connection for this user, or it was revoked.</exception>
    public async Task<ConnectionTestResult> TestAsync(Guid userId, Guid connectionId, CancellationToken cancellationToken = default)
    {
        if (apps is not null && await connections.GetAsync(userId, connectionId, cancellationToken).ConfigureAwait(false) is { AppInstallationId: not null, IsRevoked: false } app)
        {
            return await apps.TestAsync(userId, app, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            var client = await accessTokens.CreateClientAsync(userId, connectionId, cancellationToken: cancellationToken).ConfigureAwait(false);
            var user = await client.GetCurrentUserAsync(cancellationToken).ConfigureAwait(false);
            return new ConnectionTestResult(true, user.Login, user.Scopes);
        }
        catch (Exception ex) when (ex is GitProviderException { Kind: BobErrorKind.Unauthorized } or GitProviderException { Kind: BobErrorKind.Forbidden } or GitConnectionReauthorizationRequiredException)
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
    /// <exception cref="BobNotFoundException">No such repository for this user.</exception>
    /// <exception cref="BobNotFoundException">No such connection for this user, or it was revoked.</exception>
    /// <exception cref="BobValidationException">The connection is on another instance than the repository.</exception>
    /// <exception cref="GitAppInstallationUnavailableException">A <c>github-app</c> connection whose installation does not cover the repository, or cannot be used.</exception>
    public async Task<Repository> SetRepositoryConnectionAsync(Guid userId, Guid repositoryId, Guid connectionId, CancellationToken cancellationToken = default)
    {
        var repository = await repositories.GetAsync(userId, repositoryId, cancellationToken).ConfigureAwait(false)
            ?? throw BobNotFoundException.ForRepository(repositoryId);
        var connection = await connections.GetAsync(userId, connectionId, cancellationToken).ConfigureAwait(false);
        if (connection is null || connection.IsRevoked)
        {
            throw BobNotFoundException.ForConnection(connectionId);
        }

        if (!connection.Instance.Equals(repository.Remote.Instance))
        {
            throw new BobValidationException("connectionId", $"Connection {connectionId} is on {connection.Instance}; repository {repositoryId} is on {repository.Remote.Instance}.");
        }

        if (apps is not null)
        {
            await apps.EnsureCoversAsync(connection, repository.Remote, cancellationToken).ConfigureAwait(false);
        }

        if (!await repositories.SetConnectionAsync(userId, repositoryId, connectionId, cancellationToken).ConfigureAwait(false))
        {
            throw BobNotFoundException.ForRepository(repositoryId);
        }

        return repository with { ConnectionId = connectionId };
    }

    private static string? Scopes(ProviderUser user) => user.Scopes.Count == 0 ? null : string.Join(',', user.Scopes);

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} connected {Instance} as {Login} (connection {ConnectionId})")]
    private static partial void LogConnected(ILogger logger, Guid userId, string instance, string login, Guid connectionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} disconnected connection {ConnectionId}; its tokens are erased")]
    private static partial void LogDisconnected(ILogger logger, Guid userId, Guid connectionId);
}
