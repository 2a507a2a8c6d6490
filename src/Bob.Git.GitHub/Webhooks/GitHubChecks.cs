using System.Text.Json;
using Bob.Git.Abstractions;

namespace Bob.Git.GitHub;

/// <summary>
/// GitHub's run deliveries as <see cref="CheckWebhookEvent"/>s (issue 21; <c>status</c> is read by
/// <see cref="CommitStatusDelivery"/>, shared with Gitea): <c>check_run</c> and <c>workflow_run</c> (<c>queued</c>, <c>requested</c>, <c>waiting</c> and <c>pending</c> are queued; <c>in_progress</c> runs; <c>completed</c>
/// with its conclusion). A check suite is the sum of its check runs and a workflow job is part of its run: those deliveries
/// are stored, and not rolled up twice.
/// </summary>
internal static class GitHubChecks
{
    public static CheckWebhookEvent Run(string eventType, JsonElement root, RemoteRepositoryIdentity repository) =>
        new(repository, $"{eventType}.{root.OptionalText("action") ?? "updated"}", Report(eventType == "check_run" ? CheckKind.CheckRun : CheckKind.WorkflowRun, root.Required(eventType)));

    /// <summary>A check run or workflow run as a delivery or the REST API gives it (read by <see cref="RunDelivery"/>, shared with Gitea).</summary>
    public static CheckReport Report(CheckKind kind, JsonElement run) => RunDelivery.Report(kind, run);
}
