using System.Text.Json;
using Bob.Git.Abstractions;

namespace Bob.Git.GitHub;

/// <summary>
/// Reads GitHub deliveries (github.com and Enterprise Server) into provider-neutral events: <c>push</c>, and every delivery
/// that carries a pull request object: <c>pull_request</c> with any action (opened, labeled, assigned, locked, enqueued, and
/// any action GitHub adds later), <c>pull_request_review</c>, <c>pull_request_review_comment</c> and
/// <c>pull_request_review_thread</c>. Each of them states the pull request as it is after the change, with its
/// <c>updated_at</c>: GitHub does not redeliver lost webhooks, so a <c>labeled</c> delivery may be the first the suite hears
/// of a pull request whose <c>opened</c> delivery never came. Review events, review comments, review threads and
/// <c>issue_comment</c> on a pull request are <see cref="PullRequestFeedbackWebhookEvent"/>s (with the pull request when the
/// delivery carries it); a comment on a plain issue is not the suite's. <c>status</c>, <c>check_run</c> and
/// <c>workflow_run</c> are <see cref="CheckWebhookEvent"/>s (issue 21).
/// </summary>
public sealed class GitHubWebhookPayloadParser : IGitWebhookPayloadParser
{
    private static readonly HashSet<string> PullRequestEvents =
        ["pull_request", "pull_request_review", "pull_request_review_comment", "pull_request_review_thread"];

    /// <inheritdoc />
    public GitProvider Provider => GitProvider.GitHub;

    /// <inheritdoc />
    public bool Handles(string eventType) => eventType is "push" or "issue_comment" or "status" or "check_run" or "workflow_run" || PullRequestEvents.Contains(eventType);

    /// <inheritdoc />
    public GitWebhookEvent? Parse(string eventType, ReadOnlyMemory<byte> payload, RemoteUrlParser remotes)
    {
        ArgumentNullException.ThrowIfNull(remotes);
        if (!Handles(eventType))
        {
            return null;
        }

        return WebhookPayloadReader.Read<GitWebhookEvent?>("GitHub", eventType, payload, root =>
        {
            var repository = remotes.Parse(root.Required("repository").RequiredText("html_url"), GitProvider.GitHub).Identity;
            return eventType switch
            {
                "push" => ParsePush(root, repository),
                "pull_request" => (GitWebhookEvent?)ParsePullRequest(eventType, root, repository),
                "issue_comment" => GitHubFeedback.IssueComment(root, repository),
                "status" => CommitStatusDelivery.Read(root, repository),
                "check_run" or "workflow_run" => GitHubChecks.Run(eventType, root, repository),
                _ => GitHubFeedback.Parse(eventType, root, repository, ParsePullRequest(eventType, root, repository).PullRequest),
            };
        });
    }

    private static PullRequestWebhookEvent ParsePullRequest(string eventType, JsonElement root, RemoteRepositoryIdentity repository)
    {
        var action = root.RequiredText("action");
        var pr = root.Required("pull_request");

        // Review events carry a pull request without "merged" (and, in older payloads, without "draft"): merged_at says it.
        var mergedAt = pr.OptionalTimestamp("merged_at");
        var merged = pr.IsTrue("merged") || (mergedAt is not null && !pr.TryGetProperty("merged", out _));
        var status = merged ? PullRequestStatus.Merged
            : pr.RequiredText("state") == "closed" ? PullRequestStatus.Closed
            : pr.IsTrue("draft") ? PullRequestStatus.Draft
            : PullRequestStatus.Open;
        var info = new PullRequestInfo(
            repository,
            pr.PositiveNumber("number"),
            pr.RequiredText("title"),
            pr.OptionalText("body"),
            pr.Required("head").RequiredText("ref"),
            pr.Required("base").RequiredText("ref"),
            pr.Required("head").OptionalObjectId("sha"),
            status,
            pr.RequiredText("html_url"),
            pr.OptionalTimestamp("updated_at"),
            merged ? mergedAt : null);
        var normalized = eventType != "pull_request" ? $"{eventType}.{action}"
            : action == "closed" && merged ? "merged"
            : action;
        return new PullRequestWebhookEvent(repository, normalized, info);
    }

    private static PushWebhookEvent ParsePush(JsonElement root, RemoteRepositoryIdentity repository) => new(
        repository,
        root.RequiredText("ref"),
        root.RequiredText("before"),
        root.RequiredText("after"),
        root.IsTrue("forced"),
        root.PushCommits());
}
