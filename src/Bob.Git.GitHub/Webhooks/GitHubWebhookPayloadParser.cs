using System.Globalization;
using System.Text.Json;
using Bob.Git.Abstractions;

namespace Bob.Git.GitHub;

/// <summary>
/// Reads GitHub <c>pull_request</c> and <c>push</c> deliveries (github.com and Enterprise Server) into provider-neutral events.
/// Other events, and pull request actions that change nothing the suite stores (labels, assignees, reviews), give <see langword="null"/>.
/// </summary>
public sealed class GitHubWebhookPayloadParser : IGitWebhookPayloadParser
{
    private static readonly HashSet<string> PullRequestActions =
        ["opened", "edited", "synchronize", "closed", "reopened", "ready_for_review", "converted_to_draft"];

    /// <inheritdoc />
    public GitProvider Provider => GitProvider.GitHub;

    /// <inheritdoc />
    public GitWebhookEvent? Parse(string eventType, ReadOnlyMemory<byte> payload, RemoteUrlParser remotes)
    {
        ArgumentNullException.ThrowIfNull(remotes);
        if (eventType is not ("pull_request" or "push"))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            var repository = remotes.Parse(Required(Required(root, "repository"), "html_url").GetString()!, GitProvider.GitHub).Identity;
            return eventType == "push" ? ParsePush(root, repository) : ParsePullRequest(root, repository);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException or InvalidRemoteUrlException)
        {
            throw new FormatException($"The GitHub {eventType} payload is not of the documented shape: {ex.Message}", ex);
        }
    }

    private static PullRequestWebhookEvent? ParsePullRequest(JsonElement root, RemoteRepositoryIdentity repository)
    {
        var action = Required(root, "action").GetString()!;
        if (!PullRequestActions.Contains(action))
        {
            return null;
        }

        var pr = Required(root, "pull_request");
        var merged = pr.TryGetProperty("merged", out var m) && m.ValueKind == JsonValueKind.True;
        var status = merged ? PullRequestStatus.Merged
            : Required(pr, "state").GetString() == "closed" ? PullRequestStatus.Closed
            : pr.TryGetProperty("draft", out var draft) && draft.ValueKind == JsonValueKind.True ? PullRequestStatus.Draft
            : PullRequestStatus.Open;
        var info = new PullRequestInfo(
            repository,
            Required(pr, "number").GetInt32(),
            Required(pr, "title").GetString() ?? "",
            pr.TryGetProperty("body", out var body) && body.ValueKind == JsonValueKind.String ? body.GetString() : null,
            Required(Required(pr, "head"), "ref").GetString()!,
            Required(Required(pr, "base"), "ref").GetString()!,
            Required(pr, "head").TryGetProperty("sha", out var sha) ? sha.GetString() : null,
            status,
            Required(pr, "html_url").GetString()!,
            Timestamp(Required(pr, "updated_at")),
            pr.TryGetProperty("merged_at", out var mergedAt) && mergedAt.ValueKind == JsonValueKind.String ? Timestamp(mergedAt) : null);
        return new PullRequestWebhookEvent(repository, action == "closed" && merged ? "merged" : action, info);
    }

    private static PushWebhookEvent ParsePush(JsonElement root, RemoteRepositoryIdentity repository)
    {
        var commits = new List<CommitInfo>();
        if (root.TryGetProperty("commits", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var commit in list.EnumerateArray())
            {
                var author = commit.TryGetProperty("author", out var a) ? a : default;
                commits.Add(new CommitInfo(
                    Required(commit, "id").GetString()!,
                    Required(commit, "message").GetString() ?? "",
                    author.ValueKind == JsonValueKind.Object && author.TryGetProperty("name", out var n) ? n.GetString() : null,
                    author.ValueKind == JsonValueKind.Object && author.TryGetProperty("email", out var e) ? e.GetString() : null,
                    Timestamp(Required(commit, "timestamp"))));
            }
        }

        return new PushWebhookEvent(
            repository,
            Required(root, "ref").GetString()!,
            Required(root, "before").GetString()!,
            Required(root, "after").GetString()!,
            root.TryGetProperty("forced", out var forced) && forced.ValueKind == JsonValueKind.True,
            commits);
    }

    private static JsonElement Required(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : throw new KeyNotFoundException($"'{name}' is missing.");

    // GitHub sends ISO 8601 strings; some older push payloads carry Unix seconds for repository timestamps.
    private static DateTimeOffset Timestamp(JsonElement value) => value.ValueKind == JsonValueKind.Number
        ? DateTimeOffset.FromUnixTimeSeconds(value.GetInt64())
        : DateTimeOffset.Parse(value.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
