using System.Globalization;
using System.Text.Json;
using Bob.Git.Abstractions;

namespace Bob.Git.GitHub;

/// <summary>
/// GitHub's review deliveries as <see cref="PullRequestFeedbackWebhookEvent"/>s: <c>pull_request_review</c>
/// (submitted, edited, dismissed), <c>pull_request_review_comment</c> (created, edited, deleted),
/// <c>pull_request_review_thread</c> (resolved, unresolved) and <c>issue_comment</c> on a pull request.
/// </summary>
internal static class GitHubFeedback
{
    public static PullRequestFeedbackWebhookEvent Parse(string eventType, JsonElement root, RemoteRepositoryIdentity repository, PullRequestInfo pullRequest)
    {
        var action = root.RequiredText("action");
        PullRequestFeedback feedback = eventType switch
        {
            "pull_request_review" => Review(root.Required("review"), action),
            "pull_request_review_comment" => Comment(root.Required("comment"), action, CommentKind.Inline),
            _ => Thread(root.Required("thread"), action),
        };
        return new PullRequestFeedbackWebhookEvent(repository, pullRequest.Number, $"{eventType}.{action}", feedback) { PullRequest = pullRequest };
    }

    /// <summary>A comment in a pull request's conversation; <see langword="null"/> for a comment on a plain issue.</summary>
    public static PullRequestFeedbackWebhookEvent? IssueComment(JsonElement root, RemoteRepositoryIdentity repository)
    {
        var issue = root.Required("issue");
        if (!issue.TryGetProperty("pull_request", out var pr) || pr.ValueKind != JsonValueKind.Object)
        {
            return null; // a plain issue's comment is not the suite's
        }

        var action = root.RequiredText("action");
        return new PullRequestFeedbackWebhookEvent(repository, issue.PositiveNumber("number"), $"issue_comment.{action}", Comment(root.Required("comment"), action, CommentKind.Conversation));
    }

    /// <summary>A review as a delivery (<c>state</c> in lower case) or the REST API (upper case) gives it.</summary>
    internal static ReviewFeedback Review(JsonElement review, string action)
    {
        var state = action == "dismissed" ? "dismissed" : review.RequiredText("state").ToLowerInvariant();
        return new ReviewFeedback(
            Id(review, "id"),
            action switch { "dismissed" => PullRequestFeedback.Ended, "edited" => PullRequestFeedback.Edited, _ => PullRequestFeedback.Created },
            review.Required("user").RequiredText("login"),
            OptionalId(review.Required("user"), "id"),
            ReviewStateNames.Parse(state),
            review.OptionalText("body"),
            review.OptionalText("html_url") ?? "",
            review.OptionalTimestamp("submitted_at"));
    }

    /// <summary>A review or conversation comment as a delivery or the REST API gives it.</summary>
    internal static CommentFeedback Comment(JsonElement comment, string action, CommentKind kind)
    {
        var id = Id(comment, "id");
        var inReplyTo = OptionalId(comment, "in_reply_to_id");
        return new CommentFeedback(
            id,
            action switch { "deleted" => PullRequestFeedback.Ended, "edited" => PullRequestFeedback.Edited, _ => PullRequestFeedback.Created },
            kind,
            comment.Required("user").RequiredText("login"),
            OptionalId(comment.Required("user"), "id"),
            comment.OptionalText("body") ?? "",
            comment.OptionalText("html_url") ?? "",
            kind == CommentKind.Inline ? comment.OptionalText("path") : null,
            kind == CommentKind.Inline ? Number(comment, "line") ?? Number(comment, "original_line") : null,
            inReplyTo,
            kind == CommentKind.Inline ? inReplyTo ?? id : null, // GitHub names a thread by its first comment
            kind == CommentKind.Inline ? OptionalId(comment, "pull_request_review_id") : null,
            comment.OptionalTimestamp("created_at"),
            comment.OptionalTimestamp("updated_at"));
    }

    private static ThreadFeedback Thread(JsonElement thread, string action)
    {
        var comments = thread.TryGetProperty("comments", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(c => Id(c, "id")).ToArray()
            : [];
        return new ThreadFeedback(thread.RequiredText("node_id"), action == "resolved", comments);
    }

    private static string Id(JsonElement element, string name) =>
        OptionalId(element, name) ?? throw new KeyNotFoundException($"'{name}' is missing.");

    private static string? OptionalId(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var id) && id > 0
            ? id.ToString(CultureInfo.InvariantCulture)
            : null;

    private static int? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) && n > 0 ? n : null;
}
