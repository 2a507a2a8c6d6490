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
    private readonly Internal.GiteaDraftTitle _draftTitle = new(options.Value.DraftTitlePrefix);

    /// <inheritdoc />
    public GitProvider Provider => GitProvider.Gitea;

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

        return WebhookPayloadReader.Read("Gitea", eventType, payload, root =>
        {
            var repository = remotes.Parse(root.Required("repository").Required("html_url").GetString()!, GitProvider.Gitea).Identity;
            return eventType == "push" ? ParsePush(root, repository) : (GitWebhookEvent?)ParsePullRequest(root, repository);
        });
    }

    private PullRequestWebhookEvent? ParsePullRequest(JsonElement root, RemoteRepositoryIdentity repository)
    {
        var action = root.Required("action").GetString();
        var pr = root.Required("pull_request");
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

        var (title, prefixed) = _draftTitle.Read(pr.Required("title").GetString() ?? "");
        var draft = prefixed || (pr.TryGetProperty("draft", out var d) && d.ValueKind == JsonValueKind.True);
        var status = merged ? PullRequestStatus.Merged
            : pr.Required("state").GetString() == "closed" ? PullRequestStatus.Closed
            : draft ? PullRequestStatus.Draft
            : PullRequestStatus.Open;
        var info = new PullRequestInfo(
            repository,
            pr.Required("number").GetInt32(),
            title,
            pr.TryGetProperty("body", out var body) && body.ValueKind == JsonValueKind.String ? body.GetString() : null,
            pr.Required("head").Required("ref").GetString()!,
            pr.Required("base").Required("ref").GetString()!,
            pr.Required("head").TryGetProperty("sha", out var sha) ? sha.GetString() : null,
            status,
            pr.Required("html_url").GetString()!,
            pr.Required("updated_at").Timestamp(),
            merged && pr.TryGetProperty("merged_at", out var mergedAt) && mergedAt.ValueKind == JsonValueKind.String ? mergedAt.Timestamp() : null);
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
}
