using System.Text.Json;
using Bob.Git.Abstractions;
using Microsoft.Extensions.Options;

namespace Bob.Git.Gitea;

/// <summary>
/// Reads Gitea and Forgejo deliveries into provider-neutral events: <c>push</c>, and every delivery that carries a pull request
/// object. Gitea sends those with <c>X-Gitea-Event</c> (Forgejo: <c>X-Forgejo-Event</c>) <c>pull_request</c> for the
/// fine-grained types <c>pull_request</c>, <c>pull_request_assign</c>, <c>pull_request_label</c>, <c>pull_request_milestone</c>,
/// <c>pull_request_sync</c> and <c>pull_request_review_request</c> (named in <c>X-Gitea-Event-Type</c>), and
/// <c>pull_request_approved</c>, <c>pull_request_rejected</c> and <c>pull_request_comment</c> for reviews; older versions sent
/// the fine-grained names in the event header, and those are read too. Each states the pull request as it is after the change,
/// with its <c>updated_at</c>. Comments on a pull request come as <c>issue_comment</c>, which carries no pull request object.
/// Reviews and pull request comments are <see cref="PullRequestFeedbackWebhookEvent"/>s (see <see cref="GiteaFeedback"/>).
/// A pull request is a draft
/// when its title starts with the instance's work-in-progress prefix (<see cref="GiteaOptions.DraftTitlePrefix"/>, Gitea's default
/// <c>WIP:</c>, also <c>[WIP]</c>), or when a Forgejo/Gitea version that sends <c>draft</c> sets it; the prefix is removed from the title.
/// </summary>
public sealed class GiteaWebhookPayloadParser(IOptions<GiteaOptions> options) : IGitWebhookPayloadParser
{
    private readonly Internal.GiteaDraftTitle _draftTitle = new(options.Value.DraftTitlePrefix);

    /// <inheritdoc />
    public GitProvider Provider => GitProvider.Gitea;

    /// <inheritdoc />
    public bool Handles(string eventType) => IsPullRequestEvent(eventType) || eventType is "push" or "issue_comment" or "status" or "workflow_run";

    /// <summary>Whether deliveries of this event header value carry a <c>pull_request</c> object (all of them start <c>pull_request</c>).</summary>
    private static bool IsPullRequestEvent(string eventType) => eventType.StartsWith("pull_request", StringComparison.Ordinal);

    /// <inheritdoc />
    public GitWebhookEvent? Parse(string eventType, ReadOnlyMemory<byte> payload, RemoteUrlParser remotes)
    {
        ArgumentNullException.ThrowIfNull(remotes);
        if (!Handles(eventType))
        {
            return null;
        }

        return WebhookPayloadReader.Read<GitWebhookEvent?>("Gitea", eventType, payload, root =>
        {
            var repository = remotes.Parse(root.Required("repository").RequiredText("html_url"), GitProvider.Gitea).Identity;
            if (eventType == "push")
            {
                return ParsePush(root, repository);
            }

            if (eventType == "issue_comment")
            {
                return GiteaFeedback.IssueComment(root, repository);
            }

            if (eventType == "status")
            {
                return CommitStatusDelivery.Read(root, repository); // CommitStatusPayload of hook.go: pending, success, failure, error, warning
            }

            if (eventType == "workflow_run")
            {
                // Gitea Actions (1.25+): WorkflowRunPayload {action, workflow, workflow_run}; a workflow job is part of its run
                // (its deliveries are stored, not rolled up twice).
                var name = root.TryGetProperty("workflow", out var workflow) && workflow.ValueKind == JsonValueKind.Object ? workflow.OptionalText("name") : null;
                var run = root.Required("workflow_run");
                return new CheckWebhookEvent(repository, $"workflow_run.{root.OptionalText("action") ?? "updated"}",
                    RunDelivery.Report(CheckKind.WorkflowRun, run, name is { Length: > 0 } ? name : run.OptionalText("display_title")));
            }

            var pullRequest = ParsePullRequest(eventType, root, repository);
            return GiteaFeedback.Review(eventType, root, repository, pullRequest.PullRequest) ?? (GitWebhookEvent)pullRequest;
        });
    }

    private PullRequestWebhookEvent ParsePullRequest(string eventType, JsonElement root, RemoteRepositoryIdentity repository)
    {
        var action = root.OptionalText("action") ?? "";
        var pr = root.Required("pull_request");
        var merged = pr.IsTrue("merged");
        var normalized = action switch
        {
            "synchronized" => "synchronize",
            "closed" when merged => "merged",
            "" => eventType,
            _ when eventType != "pull_request" => $"{eventType}.{action}",
            _ => action,
        };

        var (title, prefixed) = _draftTitle.Read(pr.RequiredText("title"));
        var draft = prefixed || pr.IsTrue("draft");
        var status = merged ? PullRequestStatus.Merged
            : pr.RequiredText("state") == "closed" ? PullRequestStatus.Closed
            : draft ? PullRequestStatus.Draft
            : PullRequestStatus.Open;
        var info = new PullRequestInfo(
            repository,
            pr.PositiveNumber("number"),
            title,
            pr.OptionalText("body"),
            pr.Required("head").RequiredText("ref"),
            pr.Required("base").RequiredText("ref"),
            pr.Required("head").OptionalObjectId("sha"),
            status,
            pr.RequiredText("html_url"),
            pr.OptionalTimestamp("updated_at"),
            merged ? pr.OptionalTimestamp("merged_at") : null);
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
}
