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
    public bool Handles(string eventType) => eventType is "pull_request" or "push";

    /// <inheritdoc />
    public GitWebhookEvent? Parse(string eventType, ReadOnlyMemory<byte> payload, RemoteUrlParser remotes)
    {
        ArgumentNullException.ThrowIfNull(remotes);
        if (!Handles(eventType))
        {
            return null;
        }

        return WebhookPayloadReader.Read("GitHub", eventType, payload, root =>
        {
            var repository = remotes.Parse(root.Required("repository").Required("html_url").GetString()!, GitProvider.GitHub).Identity;
            return eventType == "push" ? ParsePush(root, repository) : (GitWebhookEvent?)ParsePullRequest(root, repository);
        });
    }

    private static PullRequestWebhookEvent? ParsePullRequest(JsonElement root, RemoteRepositoryIdentity repository)
    {
        var action = root.Required("action").GetString()!;
        if (!PullRequestActions.Contains(action))
        {
            return null;
        }

        var pr = root.Required("pull_request");
        var merged = pr.IsTrue("merged");
        var status = merged ? PullRequestStatus.Merged
            : pr.Required("state").GetString() == "closed" ? PullRequestStatus.Closed
            : pr.IsTrue("draft") ? PullRequestStatus.Draft
            : PullRequestStatus.Open;
        var info = new PullRequestInfo(
            repository,
            pr.Required("number").GetInt32(),
            pr.Required("title").GetString() ?? "",
            pr.OptionalString("body"),
            pr.Required("head").Required("ref").GetString()!,
            pr.Required("base").Required("ref").GetString()!,
            pr.Required("head").OptionalString("sha"),
            status,
            pr.Required("html_url").GetString()!,
            pr.Required("updated_at").Timestamp(),
            pr.TryGetProperty("merged_at", out var mergedAt) && mergedAt.ValueKind == JsonValueKind.String ? mergedAt.Timestamp() : null);
        return new PullRequestWebhookEvent(repository, action == "closed" && merged ? "merged" : action, info);
    }

    private static PushWebhookEvent ParsePush(JsonElement root, RemoteRepositoryIdentity repository) => new(
        repository,
        root.Required("ref").GetString()!,
        root.Required("before").GetString()!,
        root.Required("after").GetString()!,
        root.IsTrue("forced"),
        root.PushCommits());
}
