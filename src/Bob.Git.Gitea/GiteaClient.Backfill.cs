using System.Text.Json;
using Bob.Git.Abstractions;
using Bob.Git.Gitea.Internal;

namespace Bob.Git.Gitea;

/// <summary>The backfill's read of a pull request's reviews and conversation comments.</summary>
public sealed partial class GiteaClient
{
    /// <inheritdoc />
    /// <remarks>
    /// <c>GET /repos/{owner}/{repo}/pulls/{index}/reviews</c> (submitted reviews: <c>APPROVED</c>, <c>REQUEST_CHANGES</c>,
    /// <c>COMMENT</c>; a dismissed one as dismissed) and <c>GET /repos/{owner}/{repo}/issues/{index}/comments</c>, 50 a page.
    /// Gitea's review deliveries carry no review id, so a review first seen as a delivery is kept under a made-up id; the
    /// backfill's numbered copy of it is recognised by its reviewer, state and text (<see cref="PullRequestFeedbackBackfill"/>).
    /// </remarks>
    public async Task<IReadOnlyList<PullRequestFeedback>> ListFeedbackAsync(RemoteRepositoryIdentity repository, int number, CancellationToken cancellationToken = default)
    {
        var items = new List<PullRequestFeedback>();
        var reviews = await _api.GetAllPagesAsync($"{RepoPath(repository)}/pulls/{number}/reviews?limit={PageSize}", GiteaJsonContext.Default.ListJsonElement, "list the reviews", cancellationToken).ConfigureAwait(false);
        foreach (var review in reviews)
        {
            ReviewState? state = review.IsTrue("dismissed") ? ReviewState.Dismissed : review.OptionalText("state") switch
            {
                "APPROVED" => ReviewState.Approved,
                "REQUEST_CHANGES" => ReviewState.ChangesRequested,
                "COMMENT" => ReviewState.Commented,
                _ => null, // PENDING, REQUEST_REVIEW: nothing said yet
            };
            if (state is { } said && review.TryGetProperty("user", out var user) && user.ValueKind == JsonValueKind.Object)
            {
                items.Add(new ReviewFeedback(
                    GiteaFeedback.Id(review) ?? throw new KeyNotFoundException("'id' is missing."),
                    said == ReviewState.Dismissed ? PullRequestFeedback.Ended : PullRequestFeedback.Created,
                    user.RequiredText("login"),
                    GiteaFeedback.Id(user),
                    said,
                    review.OptionalText("body") is { Length: > 0 } body ? body : null,
                    review.OptionalText("html_url") ?? "",
                    review.OptionalTimestamp("submitted_at")));
            }
        }

        var comments = await _api.GetAllPagesAsync($"{RepoPath(repository)}/issues/{number}/comments?limit={PageSize}", GiteaJsonContext.Default.ListJsonElement, "list the comments", cancellationToken).ConfigureAwait(false);
        foreach (var comment in comments)
        {
            var edited = comment.OptionalTimestamp("updated_at") > comment.OptionalTimestamp("created_at");
            items.Add(GiteaFeedback.Comment(comment, edited ? PullRequestFeedback.Edited : PullRequestFeedback.Created));
        }

        return items;
    }
}
