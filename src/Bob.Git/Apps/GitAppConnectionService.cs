using System.Net;
using Bob.Git.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bob.Git;

/// <summary>
/// Connections of kind <c>github-app</c> (issue 22): installing the App, completing the installation for the user who
/// started it, testing both halves of such a connection, and checking that its installation covers a repository.
/// </summary>
/// <remarks>
/// The <c>installation_id</c> GitHub puts in the setup URL can be forged, so the installation is trusted only after the
/// <c>code</c> is exchanged for the user's App token and the installation is among the ones that user can see
/// (<c>GET /user/installations</c>).
/// </remarks>
public sealed partial class GitAppConnectionService(
    GitProviders providers,
    IOAuthStateStore states,
    IGitAppInstallationStore installations,
    GitAppInstallationTokens installationTokens,
    GitConnectionTokens tokens,
    IGitAccessTokenProvider accessTokens,
    TimeProvider timeProvider,
    ILogger<GitAppConnectionService>? logger = null)
{
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    /// <summary>
    /// Starts installing the App for <paramref name="userId"/>: records a single-use state (with a PKCE verifier for the code
    /// exchange) and returns the provider's install URL. <paramref name="setupUri"/> is the App's setup and callback URL.
    /// </summary>
    /// <exception cref="BobValidationException">The instance URL is not usable, or no App is configured for it (<c>provider</c>).</exception>
    public async Task<Uri> StartInstallAsync(Guid userId, GitProvider provider, string? instanceUrl, Uri setupUri, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(setupUri);
        var instance = providers.ResolveInstance(provider, instanceUrl);
        var app = installationTokens.App(instance);
        var state = Pkce.CreateState();
        await states.SaveAsync(new PendingAuthorization(state, userId, instance, Pkce.CreateVerifier(), setupUri, timeProvider.GetUtcNow() + GitOAuthFlow.AuthorizationLifetime), cancellationToken).ConfigureAwait(false);
        return app.BuildInstallUrl(instance, state);
    }

    /// <summary>
    /// For an installation that came back without a code (the App does not ask for user authorization during installation):
    /// the App's authorize URL for <paramref name="state"/>, with its PKCE challenge, to send the user on to. The state stays
    /// pending; GitHub sends the code to the same setup URL.
    /// </summary>
    /// <exception cref="BobValidationException">(<c>state</c>) The state is unknown, expired, another user's, or for another provider.</exception>
    public async Task<Uri> AuthorizeInstallationAsync(Guid userId, GitProvider provider, string state, CancellationToken cancellationToken = default)
    {
        var pending = await states.FindAsync(state, userId, provider, timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false)
            ?? throw new BobValidationException(BobValidationException.StateField, "The installation state is unknown, already used, expired, or was not started by you: start installing again.");
        return installationTokens.App(pending.Instance).BuildAuthorizeUrl(pending.Instance, pending.RedirectUri, state, Pkce.Challenge(pending.CodeVerifier));
    }

    /// <summary>
    /// Completes an installation for <paramref name="userId"/>, who must be the user who started it: takes the state (once),
    /// exchanges <paramref name="code"/> for the user's App token, finds <paramref name="installationId"/> among the
    /// installations that user can see, mints its first installation token, and stores the connection.
    /// </summary>
    /// <exception cref="BobValidationException">(<c>state</c>) The state is unknown, used, expired, another user's, or for another provider.</exception>
    /// <exception cref="GitProviderException">(<see cref="BobErrorKind.Forbidden"/>) The user cannot see the installation: it was forged or is someone else's. Or the provider refused the code.</exception>
    /// <remarks>A suspended installation is connected all the same: the connection shows it, and its operations answer 409 saying what to do.</remarks>
    public async Task<GitConnection> CompleteInstallAsync(Guid userId, GitProvider provider, string state, string code, long installationId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        var pending = await states.TakeAsync(state, userId, provider, timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false)
            ?? throw new BobValidationException(BobValidationException.StateField, "The installation state is unknown, already used, expired, or was not started by you: start installing again.");
        var instance = pending.Instance;
        var app = installationTokens.App(instance);
        var grant = await app.ExchangeCodeAsync(instance, code, pending.RedirectUri, pending.CodeVerifier, cancellationToken).ConfigureAwait(false);
        var user = await providers.ClientFactory(instance.Provider).Create(instance, grant.AccessToken).GetCurrentUserAsync(cancellationToken).ConfigureAwait(false);
        var visible = await app.ListUserInstallationsAsync(instance, grant.AccessToken, cancellationToken).ConfigureAwait(false);
        if (visible.FirstOrDefault(i => i.InstallationId == installationId) is not { } seen)
        {
            LogForged(_logger, userId, installationId, user.Login);
            throw new GitProviderException(BobErrorKind.Forbidden,
                $"{user.Login} cannot see App installation {installationId} on {instance}: complete with the installation the provider named after installing, or install the App again.",
                instance.Provider,
                HttpStatusCode.Forbidden);
        }

        var installation = await installations.SaveAsync(instance, installationId, seen.Account, seen.AllRepositories, null, cancellationToken).ConfigureAwait(false);
        if (seen.SuspendedAt is { } suspendedAt)
        {
            installation = await installations.ApplyAsync(instance, installationId, new GitAppInstallationChange(SuspendedAt: suspendedAt) { StatesSuspension = true }, cancellationToken).ConfigureAwait(false) ?? installation;
        }

        // The connection is stored even for an installation that cannot be used now: the page shows what to do about it.
        var connection = await tokens.SaveAsync(userId, instance, user.AccountId, grant, installation.Id, cancellationToken).ConfigureAwait(false);
        LogConnected(_logger, userId, installationId, seen.Account, connection.Id);
        try
        {
            await RefreshRepositoriesAsync(installation, cancellationToken).ConfigureAwait(false);
        }
        catch (GitAppInstallationUnavailableException unavailable)
        {
            // Connected all the same: the connection shows the installation's state, and its operations say what to do.
            LogConnectedUnusable(_logger, connection.Id, unavailable.Reason);
        }

        return connection;
    }

    /// <summary>The installation of a <c>github-app</c> connection, or <see langword="null"/> for any other connection.</summary>
    public async Task<GitAppInstallation?> GetInstallationAsync(GitConnection connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return connection.AppInstallationId is { } id ? await installations.GetAsync(id, cancellationToken).ConfigureAwait(false) : null;
    }

    /// <summary>
    /// Tests both halves of a <c>github-app</c> connection: the user's authorization (<c>GET /user</c> with the user's token,
    /// refreshed first when due) and the installation (a fresh installation token, and the repositories it covers).
    /// </summary>
    /// <exception cref="BobNotFoundException">No such connection for this user, or it was revoked.</exception>
    public async Task<ConnectionTestResult> TestAsync(Guid userId, GitConnection connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var installation = await GetInstallationAsync(connection, cancellationToken).ConfigureAwait(false)
            ?? throw BobNotFoundException.ForConnection(connection.Id);
        ConnectionTestResult result;
        try
        {
            var userToken = await accessTokens.GetUserAccessTokenAsync(userId, connection.Id, cancellationToken).ConfigureAwait(false);
            var user = await providers.ClientFactory(connection.Instance.Provider).Create(connection.Instance, userToken).GetCurrentUserAsync(cancellationToken).ConfigureAwait(false);
            result = new ConnectionTestResult(true, user.Login, user.Scopes);
        }
        catch (Exception ex) when (ex is GitProviderException { Kind: BobErrorKind.Unauthorized or BobErrorKind.Forbidden } or GitConnectionReauthorizationRequiredException)
        {
            result = new ConnectionTestResult(false, null, [], ex.Message);
        }

        try
        {
            installation = await RefreshRepositoriesAsync(installation, cancellationToken).ConfigureAwait(false);
            return result with { Installation = ConnectionTestInstallation.From(installation, null) };
        }
        catch (Exception ex) when (ex is GitAppInstallationUnavailableException or GitProviderException { Kind: BobErrorKind.Unauthorized or BobErrorKind.Forbidden or BobErrorKind.NotFound })
        {
            installation = await installations.GetAsync(installation.Id, cancellationToken).ConfigureAwait(false) ?? installation;
            return result with { Ok = false, Error = result.Error ?? ex.Message, Installation = ConnectionTestInstallation.From(installation, ex.Message) };
        }
    }

    /// <summary>
    /// Checks that the installation of a <c>github-app</c> connection covers <paramref name="repository"/>: from the stored
    /// list, else by asking the provider which installation covers it (with the App's own credential). Other connections pass.
    /// </summary>
    /// <exception cref="GitAppInstallationUnavailableException">It does not, or the installation cannot be used; the message says what to do.</exception>
    public async Task EnsureCoversAsync(GitConnection connection, RemoteRepositoryIdentity repository, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(repository);
        if (await GetInstallationAsync(connection, cancellationToken).ConfigureAwait(false) is not { } installation)
        {
            return;
        }

        GitAppInstallationTokens.EnsureUsable(installation);
        if (installation.Covers(repository.Owner, repository.Name))
        {
            return;
        }

        // The stored list may lag behind a delivery: the provider says which installation covers the repository now.
        var covering = await installationTokens.App(installation.Instance).FindRepositoryInstallationAsync(installation.Instance, repository.Owner, repository.Name, cancellationToken).ConfigureAwait(false);
        if (covering == installation.InstallationId)
        {
            await installations.ApplyAsync(installation.Instance, installation.InstallationId, new GitAppInstallationChange(Added: [$"{repository.Owner}/{repository.Name}"]), cancellationToken).ConfigureAwait(false);
            return;
        }

        var on = installation.Account ?? $"installation {installation.InstallationId}";
        throw new GitAppInstallationUnavailableException(installation.InstallationId, "not-covered",
            $"The {installation.Instance.Provider.ToDisplayName()} App's installation on {on} does not cover {repository.Owner}/{repository.Name}: install the App on {repository.Owner}/{repository.Name} (or add it to the installation's repository access), then try again.");
    }

    /// <summary>Mints (or reuses) the installation's token and, for an installation of selected repositories, reads which.</summary>
    private async Task<GitAppInstallation> RefreshRepositoriesAsync(GitAppInstallation installation, CancellationToken cancellationToken)
    {
        var token = await installationTokens.GetAsync(installation, cancellationToken).ConfigureAwait(false);
        if (installation.AllRepositories)
        {
            return installation;
        }

        var names = await installationTokens.App(installation.Instance).ListInstallationRepositoriesAsync(installation.Instance, token.Token, cancellationToken).ConfigureAwait(false);
        return await installations.SaveAsync(installation.Instance, installation.InstallationId, installation.Account, false, names, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "User {UserId} completed an App installation with installation {InstallationId}, which {Login} cannot see; refused")]
    private static partial void LogForged(ILogger logger, Guid userId, long installationId, string login);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connection {ConnectionId} is stored, and its App installation cannot be used now: {Reason}")]
    private static partial void LogConnectedUnusable(ILogger logger, Guid connectionId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} connected App installation {InstallationId} on {Account} (connection {ConnectionId})")]
    private static partial void LogConnected(ILogger logger, Guid userId, long installationId, string account, Guid connectionId);
}

/// <summary>The installation half of testing a <c>github-app</c> connection.</summary>
/// <param name="InstallationId">The provider's installation id.</param>
/// <param name="Account">The account it is installed on.</param>
/// <param name="AllRepositories">Whether it covers all the account's repositories.</param>
/// <param name="Repositories">The repositories it covers when it covers only some.</param>
/// <param name="Status"><c>active</c>, <c>suspended</c> or <c>deleted</c>.</param>
/// <param name="Error">Why it cannot be used, when it cannot.</param>
public sealed record ConnectionTestInstallation(long InstallationId, string? Account, bool AllRepositories, IReadOnlyList<string> Repositories, string Status, string? Error)
{
    /// <summary>The half for <paramref name="installation"/>.</summary>
    public static ConnectionTestInstallation From(GitAppInstallation installation, string? error)
    {
        ArgumentNullException.ThrowIfNull(installation);
        return new(installation.InstallationId, installation.Account, installation.AllRepositories, installation.Repositories,
            installation.DeletedAt is not null ? "deleted" : installation.SuspendedAt is not null ? "suspended" : "active", error);
    }
}
