using Bob.Git.Abstractions;
using Bob.Git.Internal;
using Bob.Vault;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bob.Git;

/// <summary>
/// Installation access tokens of App installations (issue 22): minted on demand with the App's own credential, stored
/// encrypted in the vault bound to the installation's row, and used by every caller, process and host until
/// <see cref="RenewalMargin"/> before they expire. A mint runs once per installation however many callers ask at the same
/// moment: callers in one process share one call, and processes take the store's lease on the installation and read again,
/// so the second finds the token the first stored. An uninstalled or suspended installation is recorded as such and refused
/// with <see cref="GitAppInstallationUnavailableException"/>; nothing retries it.
/// </summary>
public sealed partial class GitAppInstallationTokens(
    IGitAppInstallationStore installations,
    TokenVault vault,
    IEnumerable<IGitAppClient> apps,
    TimeProvider timeProvider,
    ILogger<GitAppInstallationTokens>? logger = null,
    GitTelemetry? telemetry = null)
{
    /// <summary>The table whose rows installation tokens are bound to.</summary>
    public const string InstallationsTable = "github_app_installations";

    /// <summary>A token that expires sooner than this is replaced before use.</summary>
    public static readonly TimeSpan RenewalMargin = TimeSpan.FromMinutes(5);

    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;
    private readonly IGitAppClient[] _apps = apps.ToArray();
    private readonly SingleFlight<Guid, GitAppInstallationToken> _mints = new();

    /// <summary>The App client that serves <paramref name="instance"/>.</summary>
    /// <exception cref="BobValidationException">(<c>provider</c>) No App is configured for the instance; the message names what is missing.</exception>
    public IGitAppClient App(GitInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var candidates = _apps.Where(a => a.Provider == instance.Provider).ToArray();
        if (candidates.FirstOrDefault(a => a.Unavailable(instance) is null) is { } app)
        {
            return app;
        }

        var reason = candidates.Select(a => a.Unavailable(instance)).FirstOrDefault()
            ?? $"{instance.Provider.ToDisplayName()} has no App support here.";
        throw new BobValidationException("provider", $"The {instance.Provider.ToDisplayName()} App cannot be used on {instance}: {reason}");
    }

    /// <summary>A token for the installation, valid for at least <see cref="RenewalMargin"/> more.</summary>
    /// <exception cref="GitAppInstallationUnavailableException">The installation was uninstalled or is suspended.</exception>
    /// <exception cref="BobValidationException">No App is configured for the installation's instance.</exception>
    /// <exception cref="GitProviderException">The provider refused the App's credential or failed; try again later.</exception>
    public async Task<GitAppInstallationToken> GetAsync(GitAppInstallation installation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(installation);
        EnsureUsable(installation);
        if (await installations.GetTokenAsync(installation.Id, cancellationToken).ConfigureAwait(false) is { } stored && IsFresh(stored.ExpiresAt))
        {
            return new GitAppInstallationToken(Decrypt(installation.Id, stored.Token), stored.ExpiresAt);
        }

        // Shared by every waiting caller, so no single caller's cancellation applies; HTTP timeouts bound it.
        return await _mints.RunAsync(installation.Id, _ => MintAsync(installation), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Refuses an installation that is uninstalled or suspended, saying what the user must do.</summary>
    /// <exception cref="GitAppInstallationUnavailableException">It is.</exception>
    public static void EnsureUsable(GitAppInstallation installation)
    {
        ArgumentNullException.ThrowIfNull(installation);
        var on = installation.Account ?? $"installation {installation.InstallationId}";
        if (installation.DeletedAt is not null)
        {
            throw new GitAppInstallationUnavailableException(installation.InstallationId, "deleted",
                $"The {installation.Instance.Provider.ToDisplayName()} App was uninstalled from {on}: install the App on {on} again and connect it again.");
        }

        if (installation.SuspendedAt is not null)
        {
            throw new GitAppInstallationUnavailableException(installation.InstallationId, "suspended",
                $"The {installation.Instance.Provider.ToDisplayName()} App's installation on {on} is suspended: an owner of {on} must unsuspend it in the account's installed apps settings.");
        }
    }

    private async Task<GitAppInstallationToken> MintAsync(GitAppInstallation installation)
    {
        var app = App(installation.Instance);
        var result = await installations.MintTokenAsync(installation.Id, async (current, token) =>
        {
            if (current is { } c && IsFresh(c.ExpiresAt))
            {
                return null; // another process minted while this one waited for the lease
            }

            GitAppInstallationToken minted;
            try
            {
                minted = await app.CreateInstallationTokenAsync(installation.Instance, installation.InstallationId, token).ConfigureAwait(false);
            }
            catch (GitAppInstallationUnavailableException gone)
            {
                telemetry?.InstallationToken(installation.Instance.Provider, gone.Reason);
                var change = gone.Reason == "deleted"
                    ? new GitAppInstallationChange(Deleted: true)
                    : new GitAppInstallationChange(SuspendedAt: timeProvider.GetUtcNow()) { StatesSuspension = true };
                var after = await installations.ApplyAsync(installation.Instance, installation.InstallationId, change, CancellationToken.None).ConfigureAwait(false);
                LogUnavailable(_logger, installation.InstallationId, gone.Reason);
                EnsureUsable(after ?? installation); // the same words as every later call: what the user must do, naming the account
                throw;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                telemetry?.InstallationToken(installation.Instance.Provider, "failed");
                throw;
            }

            telemetry?.InstallationToken(installation.Instance.Provider, "minted");
            LogMinted(_logger, installation.InstallationId, minted.ExpiresAt);
            return (vault.Encrypt(minted.Token, Location(installation.Id)), minted.ExpiresAt);
        }, CancellationToken.None).ConfigureAwait(false);
        if (result is not { } stored)
        {
            throw new BobNotFoundException($"App installation {installation.InstallationId} is not known here.");
        }

        return new GitAppInstallationToken(Decrypt(installation.Id, stored.Token), stored.ExpiresAt);
    }

    private bool IsFresh(DateTimeOffset expiresAt) => expiresAt - timeProvider.GetUtcNow() > RenewalMargin;

    private string Decrypt(Guid id, EncryptedToken token) => vault.Decrypt(token, Location(id));

    private static TokenLocation Location(Guid id) => new(InstallationsTable, "access_token", id);

    [LoggerMessage(Level = LogLevel.Information, Message = "Minted an installation token for App installation {InstallationId}; it expires at {ExpiresAt}")]
    private static partial void LogMinted(ILogger logger, long installationId, DateTimeOffset expiresAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "App installation {InstallationId} cannot be used: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, long installationId, string reason);
}
