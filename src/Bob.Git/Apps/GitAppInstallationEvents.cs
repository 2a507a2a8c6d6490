using Bob.Git.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bob.Git;

/// <summary>
/// Keeps App installations as the provider's <c>installation</c> and <c>installation_repositories</c> deliveries say
/// (issue 22): <c>created</c> records the installation and its repositories; <c>deleted</c> marks it uninstalled for good
/// and erases its token; <c>suspend</c> and <c>unsuspend</c> set its suspension, ordered by the installation's
/// <c>updated_at</c>; <c>new_permissions_accepted</c> erases its token, which keeps the permissions it was minted with;
/// <c>added</c> and <c>removed</c> change its repositories. Operations that need an installation that
/// cannot be used answer <see cref="GitAppInstallationUnavailableException"/> (409) saying what to do. Idempotent.
/// </summary>
public sealed partial class GitAppInstallationEvents(IGitAppInstallationStore installations, ILogger<GitAppInstallationEvents>? logger = null) : IGitAppInstallationEventHandler
{
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    /// <inheritdoc />
    public async Task HandleAsync(GitAppInstallationEvent installationEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(installationEvent);
        var e = installationEvent;
        GitAppInstallation? after;
        switch (e.Action)
        {
            case "created":
                await installations.SaveAsync(e.Instance, e.InstallationId, e.Account, e.AllRepositories, e.Repositories ?? (e.AllRepositories ? [] : null), cancellationToken).ConfigureAwait(false);
                after = await installations.ApplyAsync(e.Instance, e.InstallationId, Suspension(e), cancellationToken).ConfigureAwait(false);
                break;
            case "deleted":
                after = await installations.ApplyAsync(e.Instance, e.InstallationId, new GitAppInstallationChange(Deleted: true), cancellationToken).ConfigureAwait(false);
                break;
            case "suspend" or "unsuspend":
                after = await installations.ApplyAsync(e.Instance, e.InstallationId, Suspension(e), cancellationToken).ConfigureAwait(false);
                break;
            case "new_permissions_accepted":
                // A token keeps the permissions it was minted with: the next caller mints one with the new ones.
                after = await installations.ApplyAsync(e.Instance, e.InstallationId, Suspension(e) with { ForgetToken = true }, cancellationToken).ConfigureAwait(false);
                break;
            case "added" or "removed":
                after = await installations.ApplyAsync(e.Instance, e.InstallationId, Suspension(e) with { AllRepositories = e.AllRepositories, Added = e.Added, Removed = e.Removed }, cancellationToken).ConfigureAwait(false);
                break;
            default:
                LogIgnored(_logger, e.Action, e.InstallationId);
                return;
        }

        if (after is null)
        {
            LogUnknown(_logger, e.Action, e.InstallationId);
            return;
        }

        LogApplied(_logger, e.Action, e.InstallationId, after.Account, after.DeletedAt is not null ? "deleted" : after.SuspendedAt is not null ? "suspended" : "active", after.Repositories.Count);
    }

    /// <summary>The suspension the delivery states, as of the installation's <c>updated_at</c>.</summary>
    private static GitAppInstallationChange Suspension(GitAppInstallationEvent e) =>
        new(SuspendedAt: e.SuspendedAt, UpdatedAt: e.UpdatedAt) { StatesSuspension = true };

    [LoggerMessage(Level = LogLevel.Information, Message = "App installation {InstallationId} {Action}: {Account} is {Status}, {Repositories} selected repositories")]
    private static partial void LogApplied(ILogger logger, string action, long installationId, string? account, string status, int repositories);

    [LoggerMessage(Level = LogLevel.Debug, Message = "App installation {InstallationId} {Action}: not an installation this host knows; nothing to change")]
    private static partial void LogUnknown(ILogger logger, string action, long installationId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "App installation {InstallationId}: action {Action} is not handled")]
    private static partial void LogIgnored(ILogger logger, string action, long installationId);
}
