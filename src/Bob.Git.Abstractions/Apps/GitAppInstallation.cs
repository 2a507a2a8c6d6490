namespace Bob.Git.Abstractions;

/// <summary>
/// An installation of the host's App on a provider account (a GitHub App installation, issue 22), as the suite knows it
/// from the install flow and the provider's <c>installation</c> and <c>installation_repositories</c> webhooks.
/// </summary>
/// <param name="Id">The suite's id of the installation's row.</param>
/// <param name="Instance">The provider instance (github.com or an Enterprise Server).</param>
/// <param name="InstallationId">The provider's installation id.</param>
/// <param name="Account">The login of the account the App is installed on (a user or an organization), when known.</param>
/// <param name="AllRepositories">Whether it covers all of the account's repositories (<c>repository_selection: all</c>).</param>
/// <param name="Repositories">The repositories it covers when it covers only some (<c>owner/name</c>, as the provider spells them).</param>
/// <param name="SuspendedAt">When it was suspended, or <see langword="null"/>.</param>
/// <param name="DeletedAt">When it was uninstalled, or <see langword="null"/>; an uninstalled installation never comes back.</param>
public sealed record GitAppInstallation(
    Guid Id,
    GitInstance Instance,
    long InstallationId,
    string? Account,
    bool AllRepositories,
    IReadOnlyList<string> Repositories,
    DateTimeOffset? SuspendedAt,
    DateTimeOffset? DeletedAt)
{
    /// <summary>Whether it may be used: neither uninstalled nor suspended.</summary>
    public bool IsUsable => DeletedAt is null && SuspendedAt is null;

    /// <summary>Whether it covers the repository <paramref name="owner"/>/<paramref name="name"/> (names compare case-insensitively, as on the provider).</summary>
    public bool Covers(string owner, string name)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(name);
        return AllRepositories
            ? string.Equals(owner, Account, StringComparison.OrdinalIgnoreCase)
            : Repositories.Contains($"{owner}/{name}", StringComparer.OrdinalIgnoreCase);
    }
}

/// <summary>An installation as the provider lists it to a user (<c>GET /user/installations</c>).</summary>
/// <param name="InstallationId">The provider's installation id.</param>
/// <param name="Account">The login of the account it is installed on.</param>
/// <param name="AllRepositories">Whether it covers all of the account's repositories.</param>
/// <param name="SuspendedAt">When it was suspended, or <see langword="null"/>.</param>
public sealed record GitAppInstallationInfo(long InstallationId, string Account, bool AllRepositories, DateTimeOffset? SuspendedAt = null);

/// <summary>An installation access token the provider minted. Its string form never shows the token.</summary>
/// <param name="Token">The token. Never log it.</param>
/// <param name="ExpiresAt">When it expires (GitHub: one hour after minting).</param>
public sealed record GitAppInstallationToken(string Token, DateTimeOffset ExpiresAt)
{
    /// <summary>Describes it without the token.</summary>
    public override string ToString() => $"GitAppInstallationToken {{ Token = ***, ExpiresAt = {ExpiresAt:O} }}";
}
