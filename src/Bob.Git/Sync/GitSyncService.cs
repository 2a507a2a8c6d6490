using System.Collections.Concurrent;
using Bob.Git.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bob.Git;

/// <summary>
/// The backfill sync (plan 3.4): repairs what missed webhooks left stale. For every remote with stored open pull requests (or
/// recent activity), it lists the provider's open pull requests and fetches the stored-open ones missing from that list
/// (merged or closed meanwhile), and stores them with the webhooks' newest-wins rule. GitHub lists are conditional
/// (<c>If-None-Match</c>; a 304 costs no rate limit). Repositories are synced with bounded concurrency under a lease per
/// repository, so hosts syncing at the same time never sync one twice in a round; an instance whose rate limit runs out is
/// left alone until its reset. With a <see cref="PullRequestFeedbackBackfill"/>, the reviews and comments of open pull
/// requests that belong to a session are refreshed too (issue 20).
/// </summary>
public sealed partial class GitSyncService(
    IGitSyncStore store,
    IPullRequestStore pullRequests,
    IGitAccessTokenProvider accessTokens,
    IOptions<GitSyncOptions> options,
    TimeProvider timeProvider,
    ILogger<GitSyncService> logger,
    PullRequestFeedbackBackfill? feedbackBackfill = null,
    RepositoryWebhookService? webhooks = null)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _pausedUntil = new(StringComparer.Ordinal);

    /// <summary>Runs one round over every repository worth syncing.</summary>
    public async Task<GitSyncResult> SyncAsync(CancellationToken cancellationToken = default)
    {
        var o = options.Value;
        var roundStart = timeProvider.GetUtcNow();
        var targets = await store.ListTargetsAsync(roundStart - o.RecentActivity, cancellationToken).ConfigureAwait(false);
        int repositories = 0, updated = 0, notModified = 0, failed = 0, feedbackFound = 0;
        await Parallel.ForEachAsync(
            targets,
            new ParallelOptions { MaxDegreeOfParallelism = o.MaxConcurrency, CancellationToken = cancellationToken },
            async (repository, token) =>
            {
                var instance = repository.Remote.Instance.BaseUrl;
                if (_pausedUntil.TryGetValue(instance, out var until) && timeProvider.GetUtcNow() < until)
                {
                    return; // the instance's rate limit is spent until its reset
                }

                if (ProviderRateBudget.IsNearlySpent(repository.Remote.Instance, o.MinRemainingRequests, timeProvider.GetUtcNow(), out var budgetReset))
                {
                    var resume = budgetReset ?? timeProvider.GetUtcNow().AddMinutes(1);
                    if (_pausedUntil.TryGetValue(instance, out var known) && known >= resume)
                    {
                        return;
                    }

                    _pausedUntil[instance] = resume;
                    LogRateLimited(logger, instance, resume);
                    return;
                }

                if (await store.TryLeaseAsync(repository.Remote, roundStart, o.Lease, token).ConfigureAwait(false) is not { } lease)
                {
                    return; // another host has it, or synced it this round
                }

                var synced = false;
                try
                {
                    var (changes, found) = await SyncRepositoryAsync(repository, token).ConfigureAwait(false);
                    Interlocked.Add(ref feedbackFound, found);
                    synced = true;
                    Interlocked.Increment(ref repositories);
                    Interlocked.Add(ref updated, changes);
                    if (changes == 0)
                    {
                        Interlocked.Increment(ref notModified);
                    }
                }
                catch (GitProviderException ex) when (ex.Kind == BobErrorKind.RateLimited)
                {
                    Interlocked.Increment(ref failed);
                    var reset = ex.ResetAt ?? timeProvider.GetUtcNow().AddMinutes(1);
                    _pausedUntil[instance] = reset;
                    LogRateLimited(logger, instance, reset);
                }
                catch (Exception ex) when (ex is BobException or HttpRequestException)
                {
                    Interlocked.Increment(ref failed);
                    LogFailed(logger, repository.Remote.WebUrl, ex.GetType().Name, ex.Message);
                }
                finally
                {
                    await store.ReleaseAsync(repository.Remote, lease, synced, CancellationToken.None).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
        RepositoryWebhookRepairResult? hooks = null;
        if (webhooks is not null)
        {
            // The hooks' repair round (issue 23): recreated, reactivated, corrected, missed deliveries asked for again.
            try
            {
                hooks = await webhooks.RepairAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogHooksFailed(logger, ex.GetType().Name, ex.Message);
            }
        }

        var result = new GitSyncResult(repositories, updated, notModified, failed) { FeedbackFound = feedbackFound, Webhooks = hooks };
        LogRound(logger, result.Repositories, result.Updated, result.NotModified, result.Failed);
        return result;
    }

    /// <summary>Syncs one repository's pull requests; returns how many were inserted or changed, and how many reviews and comments no delivery had brought.</summary>
    private async Task<(int Changes, int FeedbackFound)> SyncRepositoryAsync(Repository repository, CancellationToken cancellationToken)
    {
        var client = await accessTokens.CreateClientAsync(repository.UserId, repository.ConnectionId!.Value, repository.Remote, cancellationToken).ConfigureAwait(false);
        var open = await client.ListOpenPullRequestsAsync(repository.Remote, cancellationToken).ConfigureAwait(false);
        var changes = 0;
        foreach (var pullRequest in open)
        {
            changes += (await pullRequests.ApplyAsync(repository, pullRequest, cancellationToken).ConfigureAwait(false)).Changed ? 1 : 0;
        }

        // Stored as open but no longer listed: merged or closed while the webhook was lost.
        var listed = open.Select(p => p.Number).ToHashSet();
        foreach (var number in await store.OpenNumbersAsync(repository.Remote, cancellationToken).ConfigureAwait(false))
        {
            if (!listed.Contains(number))
            {
                var current = await client.GetPullRequestAsync(repository.Remote, number, cancellationToken).ConfigureAwait(false);
                changes += (await pullRequests.ApplyAsync(repository, current, cancellationToken).ConfigureAwait(false)).Changed ? 1 : 0;
            }
        }

        var found = 0;
        if (feedbackBackfill is not null)
        {
            found = await feedbackBackfill.BackfillAsync(client, repository.Remote, listed, cancellationToken).ConfigureAwait(false);
            await feedbackBackfill.BackfillChecksAsync(client, repository.Remote, open, cancellationToken).ConfigureAwait(false);
        }

        return (changes, found);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Git sync round: {Repositories} repositories, {Updated} pull requests updated, {NotModified} unchanged, {Failed} failed")]
    private static partial void LogRound(ILogger logger, int repositories, int updated, int notModified, int failed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Git sync of {Repository} failed ({ExceptionType}): {Reason}")]
    private static partial void LogFailed(ILogger logger, string repository, string exceptionType, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Git sync pauses {Instance} until {Reset}: its rate limit is spent or nearly spent")]
    private static partial void LogRateLimited(ILogger logger, string instance, DateTimeOffset reset);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The webhooks' repair round failed ({Error}): {Message}")]
    private static partial void LogHooksFailed(ILogger logger, string error, string message);
}
