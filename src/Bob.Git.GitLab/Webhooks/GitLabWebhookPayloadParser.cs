using System.Globalization;
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
    public GitWebhookEvent? Parse(string eventType, ReadOnlyMemory<byte> payload, RemoteUrlParser remotes)
    {
        ArgumentNullException.ThrowIfNull(remotes);
        if (eventType is not ("Merge Request Hook" or "Push Hook"))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            var repository = remotes.Parse(Required(Required(root, "project"), "web_url").GetString()!, GitProvider.GitLab).Identity;
            return eventType == "Push Hook" ? ParsePush(root, repository) : ParseMergeRequest(root, repository);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException or InvalidRemoteUrlException)
        {
            throw new FormatException($"The GitLab {eventType} payload is not of the documented shape: {ex.Message}", ex);
        }
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
        var attributes = Required(root, "object_attributes");
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

        var state = Required(attributes, "state").GetString();
        var hasPrefix = TryStripDraftPrefix(Required(attributes, "title").GetString() ?? "", out var title);
        var draft = hasPrefix || (attributes.TryGetProperty("draft", out var d) && d.ValueKind == JsonValueKind.True)
            || (attributes.TryGetProperty("work_in_progress", out var wip) && wip.ValueKind == JsonValueKind.True);
        var status = state switch
        {
            "merged" => PullRequestStatus.Merged,
            "closed" or "locked" => PullRequestStatus.Closed,
            _ => draft ? PullRequestStatus.Draft : PullRequestStatus.Open,
        };
        var updatedAt = Timestamp(Required(attributes, "updated_at"));
        var info = new PullRequestInfo(
            repository,
            Required(attributes, "iid").GetInt32(),
            title,
            attributes.TryGetProperty("description", out var body) && body.ValueKind == JsonValueKind.String ? body.GetString() : null,
            Required(attributes, "source_branch").GetString()!,
            Required(attributes, "target_branch").GetString()!,
            attributes.TryGetProperty("last_commit", out var last) && last.ValueKind == JsonValueKind.Object && last.TryGetProperty("id", out var sha) ? sha.GetString() : null,
            status,
            Required(attributes, "url").GetString()!,
            updatedAt,
            status == PullRequestStatus.Merged ? updatedAt : null);
        return new PullRequestWebhookEvent(repository, normalized, info);
    }

    private static PushWebhookEvent ParsePush(JsonElement root, RemoteRepositoryIdentity repository)
    {
        var commits = new List<CommitInfo>();
        if (root.TryGetProperty("commits", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var commit in list.EnumerateArray())
            {
                var author = commit.TryGetProperty("author", out var a) && a.ValueKind == JsonValueKind.Object ? a : default;
                commits.Add(new CommitInfo(
                    Required(commit, "id").GetString()!,
                    Required(commit, "message").GetString() ?? "",
                    author.ValueKind == JsonValueKind.Object && author.TryGetProperty("name", out var n) ? n.GetString() : null,
                    author.ValueKind == JsonValueKind.Object && author.TryGetProperty("email", out var e) ? e.GetString() : null,
                    Timestamp(Required(commit, "timestamp"))));
            }
        }

        // GitLab's push payload does not say whether the push was forced.
        return new PushWebhookEvent(
            repository,
            Required(root, "ref").GetString()!,
            Required(root, "before").GetString()!,
            Required(root, "after").GetString()!,
            Forced: false,
            commits);
    }

    private static JsonElement Required(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : throw new KeyNotFoundException($"'{name}' is missing.");

    // GitLab writes ISO 8601 in most places and "2013-12-03 17:23:34 UTC" in others.
    private static DateTimeOffset Timestamp(JsonElement value)
    {
        var text = value.GetString()!;
        if (text.EndsWith(" UTC", StringComparison.Ordinal))
        {
            text = text[..^4].Replace(' ', 'T') + "Z";
        }

        return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
    }

    [GeneratedRegex(@"^\s*(?:\[draft\]|\(draft\)|draft:)\s*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DraftPrefix();
}
