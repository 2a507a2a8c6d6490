using System.Text.Json;
using System.Text.RegularExpressions;
using Bob.Git.Abstractions;

namespace Bob.Git.GitLab;

/// <summary>
/// Reads GitLab <c>Merge Request Hook</c> and <c>Push Hook</c> deliveries into provider-neutral events. A merge request is a
/// draft when its <c>draft</c> flag is set or its title starts with a draft marker (<c>Draft:</c>, <c>[Draft]</c>, <c>(Draft)</c>);
/// the marker is removed from the title (the markers current GitLab recognises). Approvals and other events give <see langword="null"/>.
/// </summary>
public sealed partial class GitLabWebhookPayloadParser : IGitWebhookPayloadParser
{
    /// <inheritdoc />
    public GitProvider Provider => GitProvider.GitLab;

    /// <inheritdoc />
    public bool Handles(string eventType) => eventType is "Merge Request Hook" or "Push Hook";

    /// <inheritdoc />
    public GitWebhookEvent? Parse(string eventType, ReadOnlyMemory<byte> payload, RemoteUrlParser remotes)
    {
        ArgumentNullException.ThrowIfNull(remotes);
        if (!Handles(eventType))
        {
            return null;
        }

        return WebhookPayloadReader.Read("GitLab", eventType, payload, root =>
        {
            var repository = remotes.Parse(root.Required("project").Required("web_url").GetString()!, GitProvider.GitLab).Identity;
            return eventType == "Push Hook" ? ParsePush(root, repository) : (GitWebhookEvent?)ParseMergeRequest(root, repository);
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

    private static PullRequestWebhookEvent? ParseMergeRequest(JsonElement root, RemoteRepositoryIdentity repository)
    {
        var attributes = root.Required("object_attributes");
        var action = attributes.TryGetProperty("action", out var a) ? a.GetString() : null;
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
            _ => null,
        };
        if (normalized is null)
        {
            return null;
        }

        var state = attributes.Required("state").GetString();
        var hasPrefix = TryStripDraftPrefix(attributes.Required("title").GetString() ?? "", out var title);
        var draft = hasPrefix || (attributes.TryGetProperty("draft", out var d) && d.ValueKind == JsonValueKind.True)
            || (attributes.TryGetProperty("work_in_progress", out var wip) && wip.ValueKind == JsonValueKind.True);
        var status = state switch
        {
            "merged" => PullRequestStatus.Merged,
            "closed" or "locked" => PullRequestStatus.Closed,
            _ => draft ? PullRequestStatus.Draft : PullRequestStatus.Open,
        };
        var updatedAt = attributes.Required("updated_at").Timestamp();
        var info = new PullRequestInfo(
            repository,
            attributes.Required("iid").GetInt32(),
            title,
            attributes.TryGetProperty("description", out var body) && body.ValueKind == JsonValueKind.String ? body.GetString() : null,
            attributes.Required("source_branch").GetString()!,
            attributes.Required("target_branch").GetString()!,
            attributes.TryGetProperty("last_commit", out var last) && last.ValueKind == JsonValueKind.Object && last.TryGetProperty("id", out var sha) ? sha.GetString() : null,
            status,
            attributes.Required("url").GetString()!,
            updatedAt,
            status == PullRequestStatus.Merged ? updatedAt : null);
        return new PullRequestWebhookEvent(repository, normalized, info);
    }

    // The push payload does not say whether the push was forced.
    private static PushWebhookEvent ParsePush(JsonElement root, RemoteRepositoryIdentity repository) => new(
        repository,
        root.Required("ref").GetString()!,
        root.Required("before").GetString()!,
        root.Required("after").GetString()!,
        Forced: false,
        root.PushCommits());

    [GeneratedRegex(@"^\s*(?:\[draft\]|\(draft\)|draft:)\s*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DraftPrefix();
}
