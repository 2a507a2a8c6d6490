using System.Security.Cryptography;
using Bob.Git.Abstractions;
using Bob.Vault;
using Bob.Webhooks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bob.Git;

/// <summary>
/// Owns the life of each remote's hook (issue 23): makes one when a repository is registered with a connection that may
/// manage hooks (or adopts the hook already there with Bob's URL), with a secret of its own; rotates that secret with a grace
/// period; repairs hooks deleted, turned off or changed on the provider; asks the provider to send again what its delivery log
/// shows failed and Bob does not hold; and removes the hook with the last registration of its remote. Decides; the store writes,
/// under a lease on the remote's row, so hosts acting at once make one hook.
/// </summary>
public sealed partial class RepositoryWebhookService(
    IRepositoryWebhookStore hooks,
    IRepositoryStore repositories,
    IGitConnectionStore connections,
    IGitAccessTokenProvider accessTokens,
    TokenVault vault,
    IWebhookDeliveryStore deliveries,
    IOptions<RepositoryWebhookOptions> options,
    TimeProvider timeProvider,
    ILogger<RepositoryWebhookService>? logger = null,
    WebhookHookVerifiers? verifiers = null,
    GitAppInstallationTokens? apps = null,
    IGitAppInstallationStore? installations = null)
{
    /// <summary>The table a hook's secrets are encrypted for (bound to the row and this column).</summary>
    public const string Table = "repository_webhooks";

    private const string NoPublicUrl = "Host:PublicBaseUrl is not set, so Bob makes no webhooks: add one by hand with the provider-wide secret.";

    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    /// <summary>The URL Bob's hooks for <paramref name="provider"/> deliver to; Gitea's names the hook's row, since Gitea sends no hook id.</summary>
    public Uri? HookUrl(GitProvider provider, Guid hookId)
    {
        if (options.Value.PublicBaseUrl is not { } baseUrl)
        {
            return null;
        }

        var url = new Uri(new Uri(baseUrl.AbsoluteUri.TrimEnd('/') + "/"), $"api/webhooks/{provider.ToWireName()}");
        return provider == GitProvider.Gitea ? new Uri($"{url.AbsoluteUri}?hook={hookId:D}") : url;
    }

    /// <summary>
    /// Makes (or adopts) the hook of <paramref name="repository"/>'s remote when its connection may manage hooks and
    /// <see cref="RepositoryWebhookOptions.PublicBaseUrl"/> is set; otherwise, or when the provider refuses, says why the
    /// webhook is manual. Never fails the registration: a provider error is the view's note.
    /// </summary>
    public async Task<RepositoryWebhookView> EnsureAsync(Repository repository, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        if (options.Value.PublicBaseUrl is null)
        {
            return RepositoryWebhookView.Manual(NoPublicUrl); // no hooks at all: not even a read
        }

        var existing = await hooks.FindAsync(repository.Remote, cancellationToken).ConfigureAwait(false);
        if (existing is { Managed: true })
        {
            return View(existing);
        }

        if (await ManualReasonAsync(repository, cancellationToken).ConfigureAwait(false) is { } reason)
        {
            return RepositoryWebhookView.Manual(reason);
        }

        try
        {
            var client = await HookClientAsync(repository, cancellationToken).ConfigureAwait(false);
            if (!await client.CanManageHooksAsync(repository.Remote, cancellationToken).ConfigureAwait(false))
            {
                // Kept as the remote's note; the repair round asks again, so a permission granted later makes the hook.
                await RecordErrorAsync(repository.Remote, CannotManage(repository.Remote.Provider)).ConfigureAwait(false);
                return RepositoryWebhookView.Manual(CannotManage(repository.Remote.Provider));
            }

            var row = await hooks.ChangeAsync(
                repository.Remote,
                async (row, token) => row.Managed ? null : await MakeAsync(row, client, repository.ConnectionId!.Value, adopt: true, token).ConfigureAwait(false),
                cancellationToken).ConfigureAwait(false);
            verifiers?.Invalidate();
            return row is null ? RepositoryWebhookView.Manual("The hook was removed meanwhile.") : View(row);
        }
        catch (GitProviderException ex) when (ex.Kind is BobErrorKind.NotFound or BobErrorKind.Forbidden or BobErrorKind.Unauthorized)
        {
            LogNotManaged(_logger, repository.Remote.WebUrl, ex.Message);
            await RecordErrorAsync(repository.Remote, CannotManage(repository.Remote.Provider)).ConfigureAwait(false);
            return RepositoryWebhookView.Manual(CannotManage(repository.Remote.Provider));
        }
        catch (Exception ex) when (ex is BobException or HttpRequestException)
        {
            LogNotManaged(_logger, repository.Remote.WebUrl, ex.Message);
            await RecordErrorAsync(repository.Remote, ex.Message).ConfigureAwait(false);
            return RepositoryWebhookView.Manual($"Bob could not make the webhook ({TextRules.Excerpt(ex.Message)}); the repair round tries again.");
        }
    }

    /// <summary>What the repository shows of its remote's hook.</summary>
    public async Task<RepositoryWebhookView> DescribeAsync(Repository repository, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var row = await hooks.FindAsync(repository.Remote, cancellationToken).ConfigureAwait(false);
        return row is { Managed: true }
            ? View(row)
            : RepositoryWebhookView.Manual(await ManualReasonAsync(repository, cancellationToken).ConfigureAwait(false)
                ?? row?.LastError
                ?? "Bob has not made this remote's webhook yet (the repair round tries again), or its connection may not manage hooks.");
    }

    /// <summary>
    /// Gives the hook of the user's repository a new secret on the provider; the old one is still accepted for
    /// <see cref="RepositoryWebhookOptions.SecretGrace"/>, so deliveries already under way are not refused.
    /// </summary>
    /// <exception cref="BobNotFoundException">The repository does not exist or is another user's.</exception>
    /// <exception cref="BobConflictException">Bob does not manage the remote's hook.</exception>
    /// <exception cref="GitProviderException">The provider refused or failed; the old secret stays.</exception>
    public async Task<RepositoryWebhookView> RotateSecretAsync(Guid userId, Guid repositoryId, CancellationToken cancellationToken = default)
    {
        var repository = await repositories.GetAsync(userId, repositoryId, cancellationToken).ConfigureAwait(false)
            ?? throw BobNotFoundException.ForRepository(repositoryId);
        var existing = await hooks.FindAsync(repository.Remote, cancellationToken).ConfigureAwait(false);
        if (existing is not { Managed: true })
        {
            throw new BobConflictException(
                $"Bob does not manage the webhook of {repository.Remote.WebUrl}: rotate its secret on the provider and in Webhooks:{repository.Remote.Provider.ToDisplayName()}:Secret.",
                "Webhook not managed");
        }

        var client = await ClientForAsync(existing, repository, cancellationToken).ConfigureAwait(false);
        var row = await hooks.ChangeAsync(repository.Remote, async (row, token) =>
        {
            if (!row.Managed)
            {
                return null;
            }

            var secret = NewSecret();
            var url = HookUrl(row.Remote.Provider, row.Id)?.AbsoluteUri ?? row.Url!;
            var hook = await client.UpdateHookAsync(row.Remote, row.ProviderHookId!, new ProviderHookSettings(url, client.HookEvents, new Secret(secret)), token).ConfigureAwait(false);
            LogRotated(_logger, row.Remote.WebUrl, hook.Id);
            return new RepositoryWebhookChange
            {
                Url = hook.Url,
                Active = hook.Active,
                Secret = vault.Encrypt(secret, Location(row.Id)),
                PreviousSecretUntil = timeProvider.GetUtcNow() + options.Value.SecretGrace,
                LastError = "",
            };
        }, cancellationToken).ConfigureAwait(false);
        verifiers?.Invalidate();
        return row is null ? RepositoryWebhookView.Manual("The hook was removed meanwhile.") : View(row);
    }

    /// <summary>
    /// Removes the user's registration of a repository and, when no other registration of its remote is left, the hook Bob
    /// made for it. A hook the provider will not let go of now is removed by the repair round later.
    /// </summary>
    /// <returns>Whether the registration existed (and was the user's).</returns>
    public async Task<bool> UnregisterAsync(Guid userId, Guid repositoryId, CancellationToken cancellationToken = default)
    {
        var removed = await repositories.DeleteAsync(userId, repositoryId, cancellationToken).ConfigureAwait(false);
        if (removed is null)
        {
            return false;
        }

        LogUnregistered(_logger, removed.Id, removed.Remote.WebUrl);
        try
        {
            await RetireAsync(removed.Remote, removed, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is BobException or HttpRequestException)
        {
            LogRetireFailed(_logger, removed.Remote.WebUrl, ex.Message);
        }

        return true;
    }

    /// <summary>
    /// The repair round (run with the backfill): for every hook, removes it when no registration is left; otherwise recreates it
    /// when the provider lost it, turns it back on, corrects its URL and events, and asks the provider to send again each
    /// delivery its log shows failed that Bob does not hold, once. Each hook is looked at most once per
    /// <see cref="RepositoryWebhookOptions.CheckInterval"/> across hosts.
    /// </summary>
    public async Task<RepositoryWebhookRepairResult> RepairAsync(CancellationToken cancellationToken = default)
    {
        int checkedCount = 0, repaired = 0, redelivered = 0, retired = 0, failed = 0;
        foreach (var row in await hooks.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                var registrations = await repositories.FindByRemoteAsync(row.Remote, cancellationToken).ConfigureAwait(false);
                if (registrations.Count == 0)
                {
                    if (await RetireAsync(row.Remote, null, cancellationToken).ConfigureAwait(false))
                    {
                        retired++;
                    }

                    continue;
                }

                if (row.CheckedAt is { } seen && timeProvider.GetUtcNow() - seen < options.Value.CheckInterval)
                {
                    continue;
                }

                if (ProviderRateBudget.IsNearlySpent(row.Remote.Instance, options.Value.MinRemainingRequests, timeProvider.GetUtcNow(), out _))
                {
                    continue; // the instance's rate limit is nearly spent: its hooks wait for a later round
                }

                if (!registrations.Any(r => r.ConnectionId is not null))
                {
                    await RecordErrorAsync(row.Remote, "No registration of this remote has a connection to reach its webhook with.").ConfigureAwait(false);
                    continue;
                }

                if (!row.Managed)
                {
                    // Making it failed before (the provider or the database was away): try again with a registration's connection.
                    var retried = await MakeLaterAsync(row, registrations, cancellationToken).ConfigureAwait(false);
                    repaired += retried ? 1 : 0;
                    continue;
                }

                var outcome = await CheckAsync(row, registrations, cancellationToken).ConfigureAwait(false);
                checkedCount += outcome.Checked ? 1 : 0;
                repaired += outcome.Repaired ? 1 : 0;
                redelivered += outcome.Redelivered;
            }
            catch (Exception ex) when (ex is BobException or HttpRequestException)
            {
                failed++;
                LogRepairFailed(_logger, row.Remote.WebUrl, ex.Message);
                await RecordErrorAsync(row.Remote, ex.Message).ConfigureAwait(false);
            }
        }

        if (repaired + redelivered + retired > 0)
        {
            verifiers?.Invalidate();
        }

        var (appChecked, appRedelivered, appFailed) = await FillAppGapsAsync(cancellationToken).ConfigureAwait(false);
        return new RepositoryWebhookRepairResult(checkedCount + appChecked, repaired, redelivered + appRedelivered, retired, failed + appFailed);
    }

    /// <summary>
    /// The GitHub App's own webhook (issue 22's connections): repositories it covers have no hook of their own, so what its
    /// delivery log shows failed and Bob does not hold is asked for again, once, with the App JWT, on each instance where the
    /// suite keeps an installation and the App is configured; each log at most once per <see cref="RepositoryWebhookOptions.CheckInterval"/>.
    /// </summary>
    private async Task<(int Checked, int Redelivered, int Failed)> FillAppGapsAsync(CancellationToken cancellationToken)
    {
        if (apps is null || installations is null)
        {
            return (0, 0, 0);
        }

        int checkedCount = 0, redelivered = 0, failed = 0;
        foreach (var instance in await installations.ListInstancesAsync(cancellationToken).ConfigureAwait(false))
        {
            IGitAppClient app;
            try
            {
                app = apps.App(instance);
            }
            catch (BobException)
            {
                continue; // no App configured for this instance (any more)
            }

            try
            {
                await installations.ChangeHookLogAsync(instance, async (log, token) =>
                {
                    var now = timeProvider.GetUtcNow();
                    if (log.CheckedAt is { } last && now - last < options.Value.CheckInterval)
                    {
                        return null;
                    }

                    checkedCount++;
                    var (count, cursor, failure) = await FillGapsAsync(
                        instance.Provider.ToWireName(),
                        $"the {instance.Provider.ToDisplayName()} App on {instance.BaseUrl}",
                        log.Cursor,
                        async (page, t) => await app.ListAppHookDeliveriesAsync(instance, page, t).ConfigureAwait(false),
                        (id, t) => app.RedeliverAppHookAsync(instance, id, t),
                        token).ConfigureAwait(false);
                    redelivered += count;
                    return new GitAppHookLogChange(cursor, now, count, failure);
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is BobException or HttpRequestException)
            {
                failed++;
                LogRepairFailed(_logger, $"the App's webhook on {instance.BaseUrl}", ex.Message);
            }
        }

        return (checkedCount, redelivered, failed);
    }

    private async Task<bool> MakeLaterAsync(RepositoryWebhook seen, IReadOnlyList<Repository> registrations, CancellationToken cancellationToken)
    {
        foreach (var registration in registrations.Where(r => r.ConnectionId is not null))
        {
            if (await ManualReasonAsync(registration, cancellationToken).ConfigureAwait(false) is not null
                || await TryClientAsync(registration, cancellationToken).ConfigureAwait(false) is not { } client
                || !await client.CanManageHooksAsync(registration.Remote, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            var now = timeProvider.GetUtcNow();
            var row = await hooks.ChangeAsync(seen.Remote, async (row, token) => row.Managed
                ? null
                : (await MakeAsync(row, client, registration.ConnectionId!.Value, adopt: true, token).ConfigureAwait(false)) with { CheckedAt = now, RepairedAt = now },
                cancellationToken).ConfigureAwait(false);
            return row is { Managed: true };
        }

        await RecordErrorAsync(seen.Remote, "No registration's connection may manage this remote's webhook now.").ConfigureAwait(false);
        return false;
    }

    private async Task<(bool Checked, bool Repaired, int Redelivered)> CheckAsync(RepositoryWebhook seen, IReadOnlyList<Repository> registrations, CancellationToken cancellationToken)
    {
        var client = await ClientForAsync(seen, registrations.FirstOrDefault(r => r.ConnectionId == seen.ConnectionId) ?? registrations.First(r => r.ConnectionId is not null), cancellationToken).ConfigureAwait(false);
        (bool Checked, bool Repaired, int Redelivered) outcome = default;
        await hooks.ChangeAsync(seen.Remote, async (row, token) =>
        {
            var now = timeProvider.GetUtcNow();
            if (!row.Managed || (row.CheckedAt is { } last && now - last < options.Value.CheckInterval))
            {
                return null; // another host looked meanwhile
            }

            outcome.Checked = true;
            var url = HookUrl(row.Remote.Provider, row.Id)?.AbsoluteUri ?? row.Url!;
            var hook = await client.GetHookAsync(row.Remote, row.ProviderHookId!, token).ConfigureAwait(false);
            if (hook is null)
            {
                // Deleted on the provider: a new hook, with a new secret (the provider never tells the old one back).
                LogRecreating(_logger, row.Remote.WebUrl, row.ProviderHookId!);
                outcome.Repaired = true;
                var made = await MakeAsync(row, client, row.ConnectionId ?? registrations[0].ConnectionId!.Value, adopt: false, token).ConfigureAwait(false);
                return made with { CheckedAt = now, RepairedAt = now, DeliveryLogCursor = "" };
            }

            RepositoryWebhookChange change = new() { CheckedAt = now, Active = hook.Active, LastError = "" };
            var expected = row.Events.Count > 0 ? row.Events : client.HookEvents;
            if (!hook.Active || !hook.JsonContent || !SameUrl(hook.Url, url) || !SameEvents(hook.Events, expected))
            {
                var urlRight = SameUrl(hook.Url, url);
                LogCorrecting(_logger, row.Remote.WebUrl, hook.Id, hook.Active, urlRight, SameEvents(hook.Events, expected));

                // A hook pointed elsewhere gets a new secret with its URL back (GitLab resets a hook's token when its URL changes,
                // and whoever moved it may have seen the old one); the old one stays accepted for the grace period.
                var secret = urlRight ? null : NewSecret();
                var corrected = await client.UpdateHookAsync(row.Remote, hook.Id, new ProviderHookSettings(url, client.HookEvents, secret is null ? null : new Secret(secret)), token).ConfigureAwait(false);
                outcome.Repaired = true;
                change = change with { Url = corrected.Url, Events = corrected.Events.Count > 0 ? corrected.Events : client.HookEvents, Active = corrected.Active, RepairedAt = now };
                if (secret is not null)
                {
                    change = change with { Secret = vault.Encrypt(secret, Location(row.Id)), PreviousSecretUntil = now + options.Value.SecretGrace };
                }
            }

            var (count, cursor, failureAt) = await FillGapsAsync(row, client, token).ConfigureAwait(false);
            outcome.Redelivered = count;
            return change with { Redelivered = count, DeliveryLogCursor = cursor, LastFailureAt = failureAt };
        }, cancellationToken).ConfigureAwait(false);
        return outcome;
    }

    /// <summary>
    /// Reads the hook's delivery log, newest first, down to the newest entry an earlier round saw, and asks once for each failed
    /// delivery Bob does not hold (an attempt that was itself a redelivery, or a delivery that also succeeded, is never asked for
    /// again), oldest first. A provider that refuses more (GitLab allows 5 a minute) stops the round there; the log is then
    /// remembered only as far as every older entry was handled, so the next round asks for the rest.
    /// </summary>
    private Task<(int Redelivered, string? Cursor, DateTimeOffset? LastFailureAt)> FillGapsAsync(RepositoryWebhook row, IGitHookClient client, CancellationToken cancellationToken) =>
        FillGapsAsync(
            row.Remote.Provider.ToWireName(),
            row.Remote.WebUrl,
            row.DeliveryLogCursor,
            (page, token) => client.ListHookDeliveriesAsync(row.Remote, row.ProviderHookId!, page, token),
            (id, token) => client.RedeliverAsync(row.Remote, row.ProviderHookId!, id, token),
            cancellationToken);

    /// <summary>The gap filler over any delivery log: a repository hook's, or a GitHub App's own.</summary>
    private async Task<(int Redelivered, string? Cursor, DateTimeOffset? LastFailureAt)> FillGapsAsync(
        string source,
        string where,
        string? cursorSeen,
        Func<string?, CancellationToken, Task<ProviderHookDeliveryPage?>> list,
        Func<string, CancellationToken, Task> redeliver,
        CancellationToken cancellationToken)
    {
        var seenUntil = string.IsNullOrEmpty(cursorSeen) ? null : cursorSeen;
        var entries = new List<ProviderHookDelivery>();
        string? page = null;
        var reachedSeen = false;
        for (var pages = 0; pages < options.Value.MaxDeliveryLogPages && !reachedSeen; pages++)
        {
            var read = await list(page, cancellationToken).ConfigureAwait(false);
            if (read is null)
            {
                return (0, null, null); // the provider keeps no log Bob can read: the backfill covers it
            }

            foreach (var entry in read.Items)
            {
                if (!Newer(entry.Id, seenUntil))
                {
                    reachedSeen = true;
                    continue;
                }

                entries.Add(entry);
            }

            page = read.Next;
            if (page is null)
            {
                break;
            }
        }

        if (entries.Count == 0)
        {
            return (0, null, null);
        }

        entries.Sort((a, b) => Newer(a.Id, b.Id) ? -1 : Newer(b.Id, a.Id) ? 1 : 0); // newest first, whatever the provider's order
        var failures = entries.Where(e => !e.Succeeded).ToList();
        var lastFailure = failures.Count == 0 ? (DateTimeOffset?)null : failures.Max(e => e.DeliveredAt);
        var succeeded = entries.Where(e => e.Succeeded && e.Guid is not null).Select(e => e.Guid!).ToHashSet(StringComparer.Ordinal);
        var candidates = failures
            .Where(e => !e.Redelivery && e.Guid is not null && e.Event != "ping" && !succeeded.Contains(e.Guid))
            .GroupBy(e => e.Guid!, StringComparer.Ordinal)
            .Select(g => g.OrderByDescending(e => e.DeliveredAt).First())
            .ToList();
        var held = await deliveries.FindHeldAsync(source, [.. candidates.Select(c => c.Guid!)], cancellationToken).ConfigureAwait(false);
        var count = 0;
        string? cursor = entries[0].Id;
        var position = new Dictionary<ProviderHookDelivery, int>();
        for (var i = 0; i < entries.Count; i++)
        {
            position.TryAdd(entries[i], i); // newest first: a larger index is older
        }

        foreach (var missed in candidates.Where(c => !held.Contains(c.Guid!)).OrderByDescending(c => position[c])) // oldest first
        {
            try
            {
                await redeliver(missed.Id, cancellationToken).ConfigureAwait(false);
            }
            catch (GitProviderException ex) when (ex.Kind is BobErrorKind.RateLimited or BobErrorKind.Unavailable or BobErrorKind.Failed)
            {
                // Remember the log only up to the entry before this one: the next round asks for it and what is newer.
                var index = position[missed];
                cursor = index + 1 < entries.Count ? entries[index + 1].Id : null;
                LogRedeliveryDeferred(_logger, where, missed.Guid!, ex.Message);
                break;
            }

            LogRedelivered(_logger, where, missed.Guid!, missed.StatusCode);
            count++;
        }

        return (count, cursor, lastFailure);
    }

    /// <summary>Whether log entry <paramref name="id"/> is newer than <paramref name="than"/> (numeric ids where both are numbers).</summary>
    private static bool Newer(string id, string? than) =>
        than is null
        || (long.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var a)
            && long.TryParse(than, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var b)
                ? a > b
                : !string.Equals(id, than, StringComparison.Ordinal));

    /// <summary>Makes the hook (adopting one with Bob's URL when <paramref name="adopt"/>) with a new secret.</summary>
    private async Task<RepositoryWebhookChange> MakeAsync(RepositoryWebhook row, IGitHookClient client, Guid connectionId, bool adopt, CancellationToken cancellationToken)
    {
        var url = HookUrl(row.Remote.Provider, row.Id) ?? throw new BobConfigurationException("Host:PublicBaseUrl is not set; Bob makes no hooks without it.");
        ProviderHook? existing = null;
        if (adopt)
        {
            existing = (await client.ListHooksAsync(row.Remote, cancellationToken).ConfigureAwait(false)).FirstOrDefault(h => SameEndpoint(h.Url, url.AbsoluteUri));
        }

        var secret = NewSecret();
        var settings = new ProviderHookSettings(url.AbsoluteUri, client.HookEvents, new Secret(secret));
        var hook = existing is null
            ? await client.CreateHookAsync(row.Remote, settings, cancellationToken).ConfigureAwait(false)
            : await client.UpdateHookAsync(row.Remote, existing.Id, settings, cancellationToken).ConfigureAwait(false);
        LogMade(_logger, row.Remote.WebUrl, hook.Id, existing is null ? "made" : "adopted");
        return new RepositoryWebhookChange
        {
            ProviderHookId = hook.Id,
            Url = hook.Url,
            Events = hook.Events.Count > 0 ? hook.Events : client.HookEvents, // as the provider states them, to compare with later
            Active = hook.Active,
            ConnectionId = connectionId,
            Secret = vault.Encrypt(secret, Location(row.Id)),
            PreviousSecretUntil = null,
            LastError = "",
        };
    }

    /// <summary>Removes the remote's hook and row when no registration relies on it; <see langword="true"/> when it did.</summary>
    private async Task<bool> RetireAsync(RemoteRepositoryIdentity remote, Repository? removed, CancellationToken cancellationToken)
    {
        var existing = await hooks.FindAsync(remote, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            return false;
        }

        IGitHookClient? client = null;
        if (existing.Managed)
        {
            var via = removed is { ConnectionId: not null } ? removed : null;
            client = via is null ? null : await TryClientAsync(via, cancellationToken).ConfigureAwait(false);
            if (client is null)
            {
                LogRetireFailed(_logger, remote.WebUrl, "no connection of a registration is left to remove the hook with; remove it on the provider");
            }
        }

        var retired = false;
        await hooks.ChangeAsync(remote, async (row, token) =>
        {
            if ((await repositories.FindByRemoteAsync(remote, token).ConfigureAwait(false)).Count > 0)
            {
                return null; // registered again meanwhile: the hook stays
            }

            if (row.Managed && client is not null)
            {
                var deleted = await client.DeleteHookAsync(remote, row.ProviderHookId!, token).ConfigureAwait(false);
                LogRetired(_logger, remote.WebUrl, row.ProviderHookId!, deleted);
            }

            retired = true;
            return new RepositoryWebhookChange { Remove = true };
        }, cancellationToken).ConfigureAwait(false);
        verifiers?.Invalidate();
        return retired;
    }

    private async Task RecordErrorAsync(RemoteRepositoryIdentity remote, string error)
    {
        try
        {
            await hooks.ChangeAsync(remote, (row, _) => Task.FromResult<RepositoryWebhookChange?>(
                new RepositoryWebhookChange { LastError = TextRules.Excerpt(error, 500), CheckedAt = timeProvider.GetUtcNow() }), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is BobException or HttpRequestException or InvalidOperationException)
        {
            LogRepairFailed(_logger, remote.WebUrl, ex.Message);
        }
    }

    private async Task<string?> ManualReasonAsync(Repository repository, CancellationToken cancellationToken)
    {
        if (options.Value.PublicBaseUrl is null)
        {
            return NoPublicUrl;
        }

        if (repository.ConnectionId is not { } connectionId)
        {
            return "The repository has no connection: set one that may manage the repository's webhooks, or add one by hand.";
        }

        var connection = await connections.GetAsync(repository.UserId, connectionId, cancellationToken).ConfigureAwait(false);
        if (connection is null || connection.IsRevoked)
        {
            return "The repository's connection is gone: set another one, or add the webhook by hand.";
        }

        return connection.Kind == "github-app"
            ? "Delivered by the GitHub App's own webhook: the repository needs no hook of its own."
            : null;
    }

    private async Task<IGitHookClient> HookClientAsync(Repository repository, CancellationToken cancellationToken)
    {
        var client = await accessTokens.CreateClientAsync(repository.UserId, repository.ConnectionId!.Value, repository.Remote, cancellationToken).ConfigureAwait(false);
        return client as IGitHookClient
            ?? throw new BobConfigurationException($"The {repository.Remote.Provider.ToDisplayName()} client cannot manage webhooks.");
    }

    private async Task<IGitHookClient?> TryClientAsync(Repository repository, CancellationToken cancellationToken)
    {
        try
        {
            return await HookClientAsync(repository, cancellationToken).ConfigureAwait(false);
        }
        catch (BobException)
        {
            return null;
        }
    }

    /// <summary>A client for the hook: the registration's own connection, else any registration's.</summary>
    private async Task<IGitHookClient> ClientForAsync(RepositoryWebhook row, Repository preferred, CancellationToken cancellationToken)
    {
        if (preferred.ConnectionId is not null && await TryClientAsync(preferred, cancellationToken).ConfigureAwait(false) is { } own)
        {
            return own;
        }

        foreach (var registration in await repositories.FindByRemoteAsync(row.Remote, cancellationToken).ConfigureAwait(false))
        {
            if (registration.ConnectionId is not null && await TryClientAsync(registration, cancellationToken).ConfigureAwait(false) is { } client)
            {
                return client;
            }
        }

        throw new BobConflictException($"No registration of {row.Remote.WebUrl} has a connection that can reach its webhook.", "No connection for the webhook");
    }

    private RepositoryWebhookView View(RepositoryWebhook row) => new(
        row.Managed ? "managed" : "manual",
        row.Active,
        row.LastDeliveryAt,
        row.LastFailureAt,
        row.RepairedAt,
        row.RedeliveredCount,
        row.LastError);

    private static string CannotManage(GitProvider provider) => provider switch
    {
        GitProvider.GitHub => "The connection may not manage this repository's webhooks (it needs admin on the repository, and admin:repo_hook for a classic token): add one by hand.",
        GitProvider.GitLab => "The connection may not manage this project's webhooks (it needs the Maintainer role): add one by hand.",
        _ => "The connection may not manage this repository's webhooks (it needs admin on the repository): add one by hand.",
    };

    /// <summary>Where a hook's secrets are encrypted for: its row (the previous secret keeps the binding it was made with).</summary>
    public static TokenLocation Location(Guid hookId) => new(Table, "secret", hookId);

    private static string NewSecret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    private static bool SameUrl(string a, string b) =>
        Uri.TryCreate(a, UriKind.Absolute, out var x) && Uri.TryCreate(b, UriKind.Absolute, out var y)
        && Uri.Compare(x, y, UriComponents.HttpRequestUrl, UriFormat.UriEscaped, StringComparison.OrdinalIgnoreCase) == 0;

    /// <summary>Whether two URLs name the same endpoint, whatever their query (a Gitea hook made by hand has no <c>?hook=</c>).</summary>
    private static bool SameEndpoint(string a, string b) =>
        Uri.TryCreate(a, UriKind.Absolute, out var x) && Uri.TryCreate(b, UriKind.Absolute, out var y)
        && Uri.Compare(x, y, UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped, StringComparison.OrdinalIgnoreCase) == 0;

    /// <summary>Whether the hook's events include every one Bob needs (more do no harm).</summary>
    private static bool SameEvents(IReadOnlyList<string> hook, IReadOnlyList<string> needed) =>
        hook.ToHashSet(StringComparer.OrdinalIgnoreCase).IsSupersetOf(needed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook of {WebUrl}: {Action} hook {HookId}")]
    private static partial void LogMade(ILogger logger, string webUrl, string hookId, string action);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook of {WebUrl} is manual: {Reason}")]
    private static partial void LogNotManaged(ILogger logger, string webUrl, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook of {WebUrl}: rotated the secret of hook {HookId}")]
    private static partial void LogRotated(ILogger logger, string webUrl, string hookId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Unregistered repository {RepositoryId} ({WebUrl})")]
    private static partial void LogUnregistered(ILogger logger, Guid repositoryId, string webUrl);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook of {WebUrl}: removed hook {HookId} (it was still on the provider: {Deleted})")]
    private static partial void LogRetired(ILogger logger, string webUrl, string hookId, bool deleted);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook of {WebUrl} could not be removed: {Reason}")]
    private static partial void LogRetireFailed(ILogger logger, string webUrl, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook of {WebUrl}: hook {HookId} is gone on the provider; making it again")]
    private static partial void LogRecreating(ILogger logger, string webUrl, string hookId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook of {WebUrl}: correcting hook {HookId} (active {Active}, URL right {UrlRight}, events right {EventsRight})")]
    private static partial void LogCorrecting(ILogger logger, string webUrl, string hookId, bool active, bool urlRight, bool eventsRight);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook of {WebUrl}: asked for delivery {DeliveryGuid} again (it had failed with {StatusCode})")]
    private static partial void LogRedelivered(ILogger logger, string webUrl, string deliveryGuid, int statusCode);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook of {WebUrl}: delivery {DeliveryGuid} is asked for again next round ({Reason})")]
    private static partial void LogRedeliveryDeferred(ILogger logger, string webUrl, string deliveryGuid, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook of {WebUrl}: the repair round failed: {Reason}")]
    private static partial void LogRepairFailed(ILogger logger, string webUrl, string reason);
}
