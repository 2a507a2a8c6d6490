using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bob.Git.Abstractions;

namespace Bob.Git.Gitea;

/// <summary>
/// Gitea's and Forgejo's review and comment deliveries as <see cref="PullRequestFeedbackWebhookEvent"/>s. A review
/// (<c>pull_request_approved</c>, <c>pull_request_rejected</c>, <c>pull_request_comment</c>; older versions
/// <c>pull_request_review_*</c>) carries <c>review: {type, content}</c> and no review id (Gitea's <c>ReviewPayload</c>), so
/// its id is made from the pull request, the reviewer, the type, the text and the pull request's <c>updated_at</c>: the
/// same delivery twice is one review. <c>issue_comment</c> with <c>is_pull</c> is a comment in the conversation.
/// </summary>
internal static class GiteaFeedback
{
    public static PullRequestFeedbackWebhookEvent? Review(string eventType, JsonElement root, RemoteRepositoryIdentity repository, PullRequestInfo pullRequest)
    {
        var state = eventType switch
        {
            "pull_request_approved" or "pull_request_review_approved" => ReviewState.Approved,
            "pull_request_rejected" or "pull_request_review_rejected" => ReviewState.ChangesRequested,
            "pull_request_comment" or "pull_request_review_comment" => ReviewState.Commented,
            _ => (ReviewState?)null,
        };
        if (state is not { } reviewState || !root.TryGetProperty("review", out var review) || review.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var sender = root.Required("sender");
        var content = review.OptionalText("content");
        var id = "gitea-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            $"{pullRequest.Number}\u001f{Id(sender)}\u001f{review.OptionalText("type")}\u001f{content}\u001f{pullRequest.UpdatedAt?.UtcTicks}")))[..24];
        var feedback = new ReviewFeedback(id, PullRequestFeedback.Created, sender.RequiredText("login"), Id(sender), reviewState, content, pullRequest.Url, pullRequest.UpdatedAt);
        return new PullRequestFeedbackWebhookEvent(repository, pullRequest.Number, $"{eventType}.{root.OptionalText("action") ?? "reviewed"}", feedback) { PullRequest = pullRequest };
    }

    /// <summary>A comment in a pull request's conversation; <see langword="null"/> for a comment on a plain issue.</summary>
    public static PullRequestFeedbackWebhookEvent? IssueComment(JsonElement root, RemoteRepositoryIdentity repository)
    {
        if (!root.IsTrue("is_pull"))
        {
            return null;
        }

        var action = root.RequiredText("action");
        var feedback = Comment(root.Required("comment"), action switch { "deleted" => PullRequestFeedback.Ended, "edited" => PullRequestFeedback.Edited, _ => PullRequestFeedback.Created });
        return new PullRequestFeedbackWebhookEvent(repository, root.Required("issue").PositiveNumber("number"), $"issue_comment.{action}", feedback);
    }

    /// <summary>An issue comment (Gitea's <c>Comment</c>, the same in deliveries and in API v1) in a pull request's conversation.</summary>
    internal static CommentFeedback Comment(JsonElement comment, int revision) => new(
        Id(comment) ?? throw new KeyNotFoundException("'id' is missing."),
        revision,
        CommentKind.Conversation,
        comment.Required("user").RequiredText("login"),
        Id(comment.Required("user")),
        comment.OptionalText("body") ?? "",
        comment.OptionalText("html_url") ?? "",
        null,
        null,
        null,
        null,
        null,
        comment.OptionalTimestamp("created_at"),
        comment.OptionalTimestamp("updated_at"));

    internal static string? Id(JsonElement element) =>
        element.TryGetProperty("id", out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var id) && id > 0
            ? id.ToString(CultureInfo.InvariantCulture)
            : null;
}
