using System.Globalization;
using System.Text.Json;
using Bob.Git.Abstractions;

namespace Bob.Git.GitLab;

/// <summary>
/// GitLab's <c>Note Hook</c> on a merge request as a <see cref="PullRequestFeedbackWebhookEvent"/>: a diff note (it
/// carries <c>position</c>) is inline, with its file and line; any other is the conversation's; the thread is the note's
/// <c>discussion_id</c>. Notes on issues, commits and snippets, and GitLab's own system notes, are not the suite's.
/// Approvals in <c>Merge Request Hook</c> are reviews too (<see cref="Approval"/>).
/// </summary>
internal static class GitLabNotes
{
    public static PullRequestFeedbackWebhookEvent? Parse(JsonElement root, RemoteRepositoryIdentity repository)
    {
        var note = root.Required("object_attributes");
        if (note.RequiredText("noteable_type") != "MergeRequest" || note.IsTrue("system"))
        {
            return null;
        }

        var action = note.OptionalText("action") ?? "create";
        var position = note.TryGetProperty("position", out var p) && p.ValueKind == JsonValueKind.Object ? p : (JsonElement?)null;
        var user = root.Required("user");
        var comment = new CommentFeedback(
            Id(note, "id") ?? throw new KeyNotFoundException("'id' is missing."),
            action == "update" ? PullRequestFeedback.Edited : PullRequestFeedback.Created,
            position is null ? CommentKind.Conversation : CommentKind.Inline,
            user.RequiredText("username"),
            Id(user, "id"),
            note.OptionalText("note") ?? "",
            note.OptionalText("url") ?? "",
            position?.OptionalText("new_path") ?? position?.OptionalText("old_path"),
            position is { } at ? Line(at, "new_line") ?? Line(at, "old_line") : null,
            null,
            note.OptionalText("discussion_id"),
            null,
            note.OptionalTimestamp("created_at"),
            note.OptionalTimestamp("updated_at"));
        return new PullRequestFeedbackWebhookEvent(repository, root.Required("merge_request").PositiveNumber("iid"), $"note.{action}", comment);
    }

    /// <summary>
    /// A merge request delivery whose action is an approval or its withdrawal (<c>approved</c>/<c>approval</c>,
    /// <c>unapproved</c>/<c>unapproval</c>) as a review by the delivery's <c>user</c>: one per user and merge request, the
    /// latest by the merge request's <c>updated_at</c> (a user may approve again); any other delivery as it is.
    /// </summary>
    public static GitWebhookEvent Approval(JsonElement root, RemoteRepositoryIdentity repository, PullRequestWebhookEvent mergeRequest)
    {
        var action = root.Required("object_attributes").OptionalText("action");
        var state = action switch
        {
            "approved" or "approval" => ReviewState.Approved,
            "unapproved" or "unapproval" => ReviewState.Dismissed,
            _ => (ReviewState?)null,
        };
        if (state is not { } reviewState || !root.TryGetProperty("user", out var user) || user.ValueKind != JsonValueKind.Object)
        {
            return mergeRequest;
        }

        var info = mergeRequest.PullRequest;
        var userId = Id(user, "id");
        var review = new ReviewFeedback(
            $"approval-{info.Number}-{userId ?? user.RequiredText("username")}",
            PullRequestFeedback.Edited, // approving again after a withdrawal is allowed: the later one wins by time
            user.RequiredText("username"),
            userId,
            reviewState,
            null,
            info.Url,
            info.UpdatedAt);
        return new PullRequestFeedbackWebhookEvent(repository, info.Number, $"merge_request.{action}", review) { PullRequest = info };
    }

    internal static string? Id(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var id) && id > 0
            ? id.ToString(CultureInfo.InvariantCulture)
            : null;

    internal static int? Line(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) && n > 0 ? n : null;
}
