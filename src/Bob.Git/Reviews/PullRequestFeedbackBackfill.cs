using Bob.Git.Abstractions;
using Microsoft.Extensions.Logging;

namespace Bob.Git;

/// <summary>
/// Fills what missed webhooks left out of the review loop (issue 20): for each open pull request of a repository that belongs
/// to a session, the provider's reviews and comments (<see cref="IGitProviderClient.ListFeedbackAsync"/>) are handed to the
/// webhook event handlers as their deliveries would be, so what was seen already changes nothing, and what was missed is
/// stored, told to the session and handed to the agent once, like any delivery. Run by the backfill sync
/// (<see cref="GitSyncService"/>) under its lease per repository.
/// </summary>
public sealed partial class PullRequestFeedbackBackfill(
    IPullRequestStore pullRequests,
    IPullRequestFeedbackStore feedback,
    IEnumerable<IGitWebhookEventHandler> handlers,
    ILogger<PullRequestFeedbackBackfill> logger)
{
    /// <summary>
    /// Hands over the checks of the heads of the open pull requests that belong to a session (issue 21), as their deliveries
    /// would be: a check that never arrived as a webhook still turns the state. Returns how many checks were handed over.
    /// </summary>
    public async Task<int> BackfillChecksAsync(IGitProviderClient client, RemoteRepositoryIdentity remote, IEnumerable<PullRequestInfo> open, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(remote);
        ArgumentNullException.ThrowIfNull(open);
        var handed = 0;
        foreach (var head in open.Select(p => p.HeadSha).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            if (!(await pullRequests.FindByHeadShaAsync(remote, head, cancellationToken).ConfigureAwait(false)).Any(p => p.SessionId is not null))
            {
                continue;
            }

            // Failing first, then running, then passing: each hand-over rolls the head up again, and in this order no
            // intermediate state is greener than the final one (a head found red never flashes green on the way).
            var listed = await client.ListChecksAsync(remote, head, cancellationToken).ConfigureAwait(false);
            foreach (var check in listed.OrderBy(c => c.IsFailing ? 0 : c.IsPassing ? 2 : 1))
            {
                handed++;
                foreach (var handler in handlers)
                {
                    await handler.HandleAsync(new CheckWebhookEvent(remote, "backfill", check), cancellationToken).ConfigureAwait(false);
                }
            }
        }

        return handed;
    }

    /// <summary>Hands over the feedback of <paramref name="numbers"/> (the open pull requests) that belong to a session; returns how many items were new.</summary>
    public async Task<int> BackfillAsync(IGitProviderClient client, RemoteRepositoryIdentity remote, IEnumerable<int> numbers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(remote);
        ArgumentNullException.ThrowIfNull(numbers);
        var found = 0;
        foreach (var number in numbers.Distinct())
        {
            if (await pullRequests.FindByNumberAsync(remote, number, cancellationToken).ConfigureAwait(false) is not { SessionId: not null })
            {
                continue; // only a session's pull request has someone to tell
            }

            var listed = await client.ListFeedbackAsync(remote, number, cancellationToken).ConfigureAwait(false);
            var stored = await feedback.ListAsync(remote, number, cancellationToken).ConfigureAwait(false);
            foreach (var item in listed)
            {
                if (item is ReviewFeedback review && stored.OfType<ReviewFeedback>().Any(s => s.ProviderId != review.ProviderId && SameReview(s, review)))
                {
                    continue; // kept from a delivery under another id (Gitea's review deliveries carry none)
                }

                if (!stored.Any(s => s.GetType() == item.GetType() && s.ProviderId == item.ProviderId))
                {
                    found++;
                    LogFound(logger, item.GetType().Name, item.ProviderId, number, remote.WebUrl);
                }

                var said = new PullRequestFeedbackWebhookEvent(remote, number, "backfill", item);
                foreach (var handler in handlers)
                {
                    await handler.HandleAsync(said, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        return found;
    }

    private static bool SameReview(ReviewFeedback stored, ReviewFeedback listed) =>
        string.Equals(stored.Author, listed.Author, StringComparison.OrdinalIgnoreCase)
        && (stored.State == listed.State || stored.State == ReviewState.Dismissed)
        && string.Equals(stored.Body?.Trim() ?? "", listed.Body?.Trim() ?? "", StringComparison.Ordinal);

    [LoggerMessage(Level = LogLevel.Information, Message = "Backfill found {Kind} {Id} on #{Number} of {Repository}, which no delivery brought")]
    private static partial void LogFound(ILogger logger, string kind, string id, int number, string repository);
}
