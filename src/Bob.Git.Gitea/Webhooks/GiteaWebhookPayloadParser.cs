using System.Globalization;
using System.Text.Json;
using Bob.Git.Abstractions;
using Microsoft.Extensions.Options;

namespace Bob.Git.Gitea;

/// <summary>
/// Reads Gitea and Forgejo <c>pull_request</c> and <c>push</c> deliveries into provider-neutral events. A pull request is a draft
/// when its title starts with the instance's work-in-progress prefix (<see cref="GiteaOptions.DraftTitlePrefix"/>, Gitea's default
/// <c>WIP:</c>, also <c>[WIP]</c>), or when a Forgejo/Gitea version that sends <c>draft</c> sets it; the prefix is removed from the title.
/// </summary>
public sealed class GiteaWebhookPayloadParser(IOptions<GiteaOptions> options) : IGitWebhookPayloadParser
{
    private readonly string[] _draftPrefixes = [options.Value.DraftTitlePrefix, "[WIP]"];

    /// <inheritdoc />
    public GitProvider Provider => GitProvider.Gitea;

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
            var repository = remotes.Parse(Required(Required(root, "repository"), "html_url").GetString()!, GitProvider.Gitea).Identity;
            return eventType == "push" ? ParsePush(root, repository) : ParsePullRequest(root, repository);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException or InvalidRemoteUrlException)
        {
            throw new FormatException($"The Gitea {eventType} payload is not of the documented shape: {ex.Message}", ex);
        }
    }

    private PullRequestWebhookEvent? ParsePullRequest(JsonElement root, RemoteRepositoryIdentity repository)
    {
        var action = Required(root, "action").GetString();
        var pr = Required(root, "pull_request");
        var merged = pr.TryGetProperty("merged", out var m) && m.ValueKind == JsonValueKind.True;
        var normalized = action switch
        {
            "opened" or "edited" or "reopened" => action,
            "synchronized" => "synchronize",
            "closed" => merged ? "merged" : "closed",
            _ => null,
        };
        if (normalized is null)
        {
            return null;
        }

        var title = Required(pr, "title").GetString() ?? "";
        var prefix = _draftPrefixes.FirstOrDefault(p => title.StartsWith(p, StringComparison.OrdinalIgnoreCase));
        var draft = prefix is not null || (pr.TryGetProperty("draft", out var d) && d.ValueKind == JsonValueKind.True);
        var status = merged ? PullRequestStatus.Merged
            : Required(pr, "state").GetString() == "closed" ? PullRequestStatus.Closed
            : draft ? PullRequestStatus.Draft
            : PullRequestStatus.Open;
        var info = new PullRequestInfo(
            repository,
            Required(pr, "number").GetInt32(),
            prefix is null ? title : title[prefix.Length..].TrimStart(),
            pr.TryGetProperty("body", out var body) && body.ValueKind == JsonValueKind.String ? body.GetString() : null,
            Required(Required(pr, "head"), "ref").GetString()!,
            Required(Required(pr, "base"), "ref").GetString()!,
            Required(pr, "head").TryGetProperty("sha", out var sha) ? sha.GetString() : null,
            status,
            Required(pr, "html_url").GetString()!,
            Timestamp(Required(pr, "updated_at")),
            merged && pr.TryGetProperty("merged_at", out var mergedAt) && mergedAt.ValueKind == JsonValueKind.String ? Timestamp(mergedAt) : null);
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

        // Gitea's push payload says nothing about forced pushes.
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

    private static DateTimeOffset Timestamp(JsonElement value) =>
        DateTimeOffset.Parse(value.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
