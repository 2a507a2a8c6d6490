namespace Bob.Git.Abstractions;

/// <summary>
/// A provider's App (a GitHub App, issue 22): installing it, authorizing its users (the OAuth code flow of
/// <see cref="IGitOAuthClient"/>, with the App's client id and secret and rotating refresh tokens), and minting installation
/// tokens with the App's own credential (GitHub: a JWT signed with the App's private key).
/// </summary>
public interface IGitAppClient : IGitOAuthClient
{
    /// <summary>
    /// Why the App cannot be used on <paramref name="instance"/> (a missing setting, another instance), or
    /// <see langword="null"/> when it can.
    /// </summary>
    string? Unavailable(GitInstance instance);

    /// <summary>The URL that installs the App, carrying <paramref name="state"/> back to the App's setup URL.</summary>
    /// <exception cref="BobValidationException">(<c>provider</c>) The App is not usable on <paramref name="instance"/>; the message names the missing setting.</exception>
    Uri BuildInstallUrl(GitInstance instance, string state);

    /// <summary>The installations of the App the user of <paramref name="userToken"/> (an App user token) can see.</summary>
    Task<IReadOnlyList<GitAppInstallationInfo>> ListUserInstallationsAsync(GitInstance instance, string userToken, CancellationToken cancellationToken = default);

    /// <summary>The repositories an installation covers, as <c>owner/name</c>, read with its installation token.</summary>
    Task<IReadOnlyList<string>> ListInstallationRepositoriesAsync(GitInstance instance, string installationToken, CancellationToken cancellationToken = default);

    /// <summary>Mints an installation access token with the App's own credential.</summary>
    /// <exception cref="GitAppInstallationUnavailableException">The installation was uninstalled (not found) or is suspended.</exception>
    /// <exception cref="GitProviderException">The provider refused the App's credential or failed.</exception>
    Task<GitAppInstallationToken> CreateInstallationTokenAsync(GitInstance instance, long installationId, CancellationToken cancellationToken = default);

    /// <summary>The installation of the App that covers the repository, or <see langword="null"/> when none does.</summary>
    Task<long?> FindRepositoryInstallationAsync(GitInstance instance, string owner, string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// One page of the App's own webhook delivery log (GitHub <c>GET /app/hook/deliveries</c>, with the App JWT), newest first:
    /// the deliveries of every installation, which reach the host through the App's webhook rather than a repository hook.
    /// </summary>
    /// <exception cref="GitProviderException">The provider refused or failed.</exception>
    Task<ProviderHookDeliveryPage> ListAppHookDeliveriesAsync(GitInstance instance, string? cursor, CancellationToken cancellationToken = default);

    /// <summary>Asks the provider to send the App's logged delivery <paramref name="deliveryId"/> again (GitHub <c>POST /app/hook/deliveries/{id}/attempts</c>).</summary>
    /// <exception cref="GitProviderException">The provider refused or failed.</exception>
    Task RedeliverAppHookAsync(GitInstance instance, string deliveryId, CancellationToken cancellationToken = default);
}
