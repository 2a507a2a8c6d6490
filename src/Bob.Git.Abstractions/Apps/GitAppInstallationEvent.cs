namespace Bob.Git.Abstractions;

/// <summary>
/// A provider's news about an App installation (GitHub's <c>installation</c> and <c>installation_repositories</c>
/// webhooks): created, deleted, suspended, unsuspended, its permissions accepted, or repositories added to or removed from it.
/// </summary>
/// <param name="Instance">The provider instance the delivery came from.</param>
/// <param name="InstallationId">The provider's installation id.</param>
/// <param name="Action">The action as the provider names it: <c>created</c>, <c>deleted</c>, <c>suspend</c>, <c>unsuspend</c>, <c>new_permissions_accepted</c>, <c>added</c>, <c>removed</c>.</param>
/// <param name="Account">The account it is installed on.</param>
/// <param name="AllRepositories">Whether it covers all the account's repositories, as the delivery says.</param>
/// <param name="SuspendedAt">The installation's <c>suspended_at</c> as the delivery states it.</param>
/// <param name="UpdatedAt">The installation's <c>updated_at</c>, which orders deliveries that arrive out of order.</param>
/// <param name="Repositories">The full list of covered repositories when the delivery carries one (<c>created</c>), else <see langword="null"/>.</param>
/// <param name="Added">Repositories added (<c>installation_repositories.added</c>).</param>
/// <param name="Removed">Repositories removed (<c>installation_repositories.removed</c>).</param>
public sealed record GitAppInstallationEvent(
    GitInstance Instance,
    long InstallationId,
    string Action,
    string? Account,
    bool AllRepositories,
    DateTimeOffset? SuspendedAt,
    DateTimeOffset? UpdatedAt,
    IReadOnlyList<string>? Repositories,
    IReadOnlyList<string> Added,
    IReadOnlyList<string> Removed);

/// <summary>Applies <see cref="GitAppInstallationEvent"/>s. Must be idempotent: a delivery may come twice and out of order.</summary>
public interface IGitAppInstallationEventHandler
{
    /// <summary>Applies the event.</summary>
    Task HandleAsync(GitAppInstallationEvent installationEvent, CancellationToken cancellationToken = default);
}
