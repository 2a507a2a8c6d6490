using System.Security.Cryptography;
using System.Text;
using Bob.Git.Abstractions;

namespace Bob.Git;

/// <summary>
/// What reviewers said on a user's pull request (issue 20): its review state (<see cref="ReviewFeedback.RollUp"/>) and its
/// reviews and comments as a timeline, oldest first, in pages. A pull request the user cannot see is not found.
/// </summary>
public sealed class PullRequestFeedbackService(IPullRequestStore pullRequests, IPullRequestFeedbackStore feedback)
{
    /// <summary>
    /// The review state of <paramref name="pullRequest"/>, one the caller already read for its user (so it is not read
    /// again): changes requested, approved, or <see langword="null"/> when no review counts.
    /// </summary>
    public async Task<ReviewState?> ReviewStateAsync(PullRequest pullRequest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pullRequest);
        var items = await feedback.ListAsync(pullRequest.Remote, pullRequest.Number, cancellationToken).ConfigureAwait(false);
        return ReviewFeedback.RollUp(items.OfType<ReviewFeedback>());
    }

    /// <summary>A page of the pull request's reviews and live comments, oldest first.</summary>
    /// <exception cref="BobNotFoundException">No such pull request for this user.</exception>
    /// <exception cref="BobValidationException">(<c>limit</c>, <c>cursor</c>) Out of range, or not a cursor this list gave out.</exception>
    public async Task<Page<PullRequestFeedback>> ListAsync(Guid userId, Guid pullRequestId, int? limit, string? cursor, CancellationToken cancellationToken = default)
    {
        var size = SessionService.PageSize(limit);
        var after = PageKey.FromCursor(cursor);
        var pullRequest = await FindAsync(userId, pullRequestId, cancellationToken).ConfigureAwait(false);
        var items = (await feedback.ListAsync(pullRequest.Remote, pullRequest.Number, cancellationToken).ConfigureAwait(false))
            .Select(item => (Item: item, Key: Key(item)))
            .OrderBy(x => x.Key.CreatedAt).ThenBy(x => x.Key.Id.ToString("N"), StringComparer.Ordinal)
            .Where(x => after is not { } k || x.Key.CreatedAt > k.CreatedAt || (x.Key.CreatedAt == k.CreatedAt && string.CompareOrdinal(x.Key.Id.ToString("N"), k.Id.ToString("N")) > 0))
            .Take(size + 1)
            .ToList();
        return Internal.Paging.Of(items.Select(x => x.Item).ToList(), size, Key);
    }

    private async Task<PullRequest> FindAsync(Guid userId, Guid pullRequestId, CancellationToken cancellationToken) =>
        await pullRequests.GetAsync(userId, pullRequestId, cancellationToken).ConfigureAwait(false)
            ?? throw BobNotFoundException.ForPullRequest(pullRequestId);

    /// <summary>An item's place in the timeline: its time, then a stable id made from its kind and provider id.</summary>
    private static PageKey Key(PullRequestFeedback item)
    {
        var (kind, at) = item switch
        {
            ReviewFeedback r => ("review", r.SubmittedAt),
            CommentFeedback c => ("comment", c.CreatedAt),
            _ => ("other", (DateTimeOffset?)null),
        };
        return new PageKey(at ?? DateTimeOffset.UnixEpoch, new Guid(SHA256.HashData(Encoding.UTF8.GetBytes($"{kind}:{item.ProviderId}")).AsSpan(0, 16)));
    }
}
