using System.Text.Json;
using Bob.Git.Abstractions;
using Bob.Git.GitHub.Internal;

namespace Bob.Git.GitHub;

/// <summary>The backfill's read of a pull request's reviews and comments.</summary>
public sealed partial class GitHubApiClient
{
    /// <inheritdoc />
    /// <remarks>
    /// <c>GET /repos/{owner}/{repo}/pulls/{n}/reviews</c>, <c>/pulls/{n}/comments</c> and <c>/issues/{n}/comments</c>, 100 a
    /// page, each asked with <c>If-None-Match</c> once seen (an unchanged list answers 304 and costs no rate limit). Pending
    /// reviews (not submitted) are left out; a comment whose <c>updated_at</c> is later than its <c>created_at</c> is reported
    /// edited.
    /// </remarks>
    public async Task<IReadOnlyList<PullRequestFeedback>> ListFeedbackAsync(RemoteRepositoryIdentity repository, int number, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var raw = Raw ?? throw new InvalidOperationException("This client was made without a JSON reader; create it with GitHubClientFactory.");
        var repo = $"repos/{Uri.EscapeDataString(repository.Owner)}/{Uri.EscapeDataString(repository.Name)}";
        var items = new List<PullRequestFeedback>();
        foreach (var review in await raw.GetAllPagesAsync($"{repo}/pulls/{number}/reviews?per_page=100", GitHubJsonContext.Default.ListJsonElement, "list the reviews", cancellationToken).ConfigureAwait(false))
        {
            var state = review.GetProperty("state").GetString();
            if (state is "DISMISSED" or "APPROVED" or "CHANGES_REQUESTED" or "COMMENTED")
            {
                items.Add(GitHubFeedback.Review(review, state == "DISMISSED" ? "dismissed" : "submitted"));
            }
        }

        foreach (var comment in await raw.GetAllPagesAsync($"{repo}/pulls/{number}/comments?per_page=100", GitHubJsonContext.Default.ListJsonElement, "list the review comments", cancellationToken).ConfigureAwait(false))
        {
            items.Add(GitHubFeedback.Comment(comment, Edited(comment) ? "edited" : "created", CommentKind.Inline));
        }

        foreach (var comment in await raw.GetAllPagesAsync($"{repo}/issues/{number}/comments?per_page=100", GitHubJsonContext.Default.ListJsonElement, "list the conversation comments", cancellationToken).ConfigureAwait(false))
        {
            items.Add(GitHubFeedback.Comment(comment, Edited(comment) ? "edited" : "created", CommentKind.Conversation));
        }

        return items;
    }

    private static bool Edited(JsonElement comment) =>
        comment.TryGetProperty("created_at", out var created) && comment.TryGetProperty("updated_at", out var updated)
        && created.ValueKind == JsonValueKind.String && updated.ValueKind == JsonValueKind.String
        && updated.GetDateTimeOffset() > created.GetDateTimeOffset();
}
