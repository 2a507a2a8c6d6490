using System.Text.Json;
using System.Text.RegularExpressions;
using Bob.Git.Abstractions;

namespace Bob.Git.GitLab;

/// <summary>
/// Reads GitLab <c>Merge Request Hook</c>, <c>Push Hook</c> and <c>Note Hook</c> (comments on merge requests, see <see cref="GitLabNotes"/>) deliveries into provider-neutral events. A merge request is a
/// draft when its <c>draft</c> flag is set or its title starts with a draft marker (<c>Draft:</c>, <c>[Draft]</c>, <c>(Draft)</c>);
/// the marker is removed from the title (the markers current GitLab recognises). Every merge request delivery is read, whatever
/// its action (open, update, approved, unapproved, approval, unapproval, close, reopen, merge, or none): each states the
/// merge request as it is, with its <c>updated_at</c>, so any of them can bring a merge request whose earlier deliveries were lost.
/// </summary>
public sealed partial class GitLabWebhookPayloadParser : IGitWebhookPayloadParser
{
    /// <inheritdoc />
    public GitProvider Provider => GitProvider.GitLab;

    /// <inheritdoc />
    public bool Handles(string eventType) => eventType is "Merge Request Hook" or "Push Hook" or "Note Hook" or "Pipeline Hook";

    /// <inheritdoc />
    public GitWebhookEvent? Parse(string eventType, ReadOnlyMemory<byte> payload, RemoteUrlParser remotes)
    {
        ArgumentNullException.ThrowIfNull(remotes);
        if (!Handles(eventType))
        {
            return null;
        }

        return WebhookPayloadReader.Read<GitWebhookEvent?>("GitLab", eventType, payload, root =>
        {
            var repository = remotes.Parse(root.Required("project").RequiredText("web_url"), GitProvider.GitLab).Identity;
            return eventType switch
            {
                "Push Hook" => ParsePush(root, repository),
                "Note Hook" => GitLabNotes.Parse(root, repository),
                "Pipeline Hook" => GitLabPipelines.Parse(root, repository),
                _ => GitLabNotes.Approval(root, repository, ParseMergeRequest(root, repository)),
            };
        });
    }

    /// <summary>Removes a leading draft marker; returns whether there was one.</summary>
    public static bool TryStripDraftPrefix(string title, out string stripped)
    {
        ArgumentNullException.ThrowIfNull(title);
        var match = DraftPrefix().Match(title);
        stripped = match.Success ? title[match.Length..] : title;
        return match.Success;
    }

    private static PullRequestWebhookEvent ParseMergeRequest(JsonElement root, RemoteRepositoryIdentity repository)
    {
        var attributes = root.Required("object_attributes");
        var action = attributes.OptionalText("action");
        var changes = root.TryGetProperty("changes", out var c) && c.ValueKind == JsonValueKind.Object ? c : default;
        var normalized = action switch
        {
            "open" => "opened",
            "close" => "closed",
            "reopen" => "reopened",
            "merge" => "merged",
            "update" when changes.ValueKind == JsonValueKind.Object && changes.TryGetProperty("draft", out var draftChange) =>
                draftChange.TryGetProperty("current", out var current) && current.ValueKind == JsonValueKind.True ? "converted_to_draft" : "ready_for_review",
            "update" when attributes.TryGetProperty("oldrev", out var oldrev) && oldrev.ValueKind == JsonValueKind.String => "synchronize",
            "update" => "edited",
            null or "" => "updated",
            _ => action, // approved, unapproved, approval, unapproval, and any action GitLab adds later
        };

        var state = attributes.RequiredText("state");
        var hasPrefix = TryStripDraftPrefix(attributes.RequiredText("title"), out var title);
        var draft = hasPrefix || attributes.IsTrue("draft") || attributes.IsTrue("work_in_progress");
        var status = state switch
        {
            "merged" => PullRequestStatus.Merged,
            "closed" or "locked" => PullRequestStatus.Closed,
            _ => draft ? PullRequestStatus.Draft : PullRequestStatus.Open,
        };
        var updatedAt = attributes.OptionalTimestamp("updated_at");
        var info = new PullRequestInfo(
            repository,
            attributes.PositiveNumber("iid"),
            title,
            attributes.OptionalText("description"),
            attributes.RequiredText("source_branch"),
            attributes.RequiredText("target_branch"),
            attributes.TryGetProperty("last_commit", out var last) ? last.OptionalObjectId("id") : null,
            status,
            attributes.RequiredText("url"),
            updatedAt,
            status == PullRequestStatus.Merged ? updatedAt : null);
        return new PullRequestWebhookEvent(repository, normalized, info);
    }

    // The push payload does not say whether the push was forced.
    private static PushWebhookEvent ParsePush(JsonElement root, RemoteRepositoryIdentity repository) => new(
        repository,
        root.RequiredText("ref"),
        root.RequiredText("before"),
        root.RequiredText("after"),
        Forced: false,
        root.PushCommits());

    [GeneratedRegex(@"^\s*(?:\[draft\]|\(draft\)|draft:)\s*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DraftPrefix();
}
