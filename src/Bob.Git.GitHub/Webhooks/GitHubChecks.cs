using System.Globalization;
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

    /// <summary>A check run or workflow run as a delivery or the REST API gives it.</summary>
    public static CheckReport Report(CheckKind kind, JsonElement run)
    {
        var status = run.RequiredText("status") switch
        {
            "completed" => CheckStatus.Completed,
            "in_progress" => CheckStatus.InProgress,
            _ => CheckStatus.Queued, // queued, requested, waiting, pending
        };
        var conclusion = status == CheckStatus.Completed && run.OptionalText("conclusion") is { } said ? CheckNames.ParseConclusion(said) : (CheckConclusion?)null;
        var at = Later(run.OptionalTimestamp("completed_at"), Later(run.OptionalTimestamp("started_at"), Later(run.OptionalTimestamp("updated_at"), run.OptionalTimestamp("run_started_at"))));
        var name = run.OptionalText("name") is { Length: > 0 } named ? named : kind == CheckKind.WorkflowRun ? $"workflow {Id(run)}" : "check";
        return new CheckReport(kind, name, run.RequiredObjectId("head_sha"), status, conclusion, run.OptionalText("html_url") ?? "", at, Id(run));
    }

    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => Nullable.Compare(a, b) >= 0 ? a : b;

    private static string? Id(JsonElement element) =>
        element.TryGetProperty("id", out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var id) && id > 0
            ? id.ToString(CultureInfo.InvariantCulture)
            : null;
}
