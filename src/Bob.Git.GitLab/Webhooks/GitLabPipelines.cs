using System.Globalization;
using System.Text.Json;
using Bob.Git.Abstractions;

namespace Bob.Git.GitLab;

/// <summary>
/// GitLab's <c>Pipeline Hook</c> as a <see cref="CheckWebhookEvent"/> (issue 21): one check per pipeline, named by the
/// pipeline's name (GitLab 16.1 and later) or "pipeline", on its <c>sha</c> (a push pipeline has no merge request: the
/// sha matches it to the pull request's head). <c>created</c>, <c>waiting_for_resource</c>, <c>preparing</c>,
/// <c>pending</c>, <c>scheduled</c> and <c>manual</c> are queued, <c>running</c> runs, <c>success</c>, <c>failed</c>,
/// <c>canceled</c> and <c>skipped</c> complete it; a failed pipeline names its failed jobs (<c>builds[]</c>). The pipeline
/// id orders re-runs: a later pipeline on the same sha replaces an earlier one, and a late <c>running</c> never undoes
/// a pipeline's <c>failed</c>.
/// </summary>
internal static class GitLabPipelines
{
    public static CheckWebhookEvent Parse(JsonElement root, RemoteRepositoryIdentity repository)
    {
        var pipeline = root.Required("object_attributes");
        var state = pipeline.RequiredText("status");
        var (status, conclusion) = Stage(state);
        var id = pipeline.TryGetProperty("id", out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) && number > 0
            ? number.ToString(CultureInfo.InvariantCulture)
            : null;
        var failed = root.TryGetProperty("builds", out var builds) && builds.ValueKind == JsonValueKind.Array
            ? builds.EnumerateArray().Where(b => b.OptionalText("status") == "failed" && !b.IsTrue("allow_failure")).Select(b => b.RequiredText("name")).Distinct(StringComparer.Ordinal).ToArray()
            : [];
        var check = new CheckReport(
            CheckKind.Pipeline,
            pipeline.OptionalText("name") is { Length: > 0 } name ? name : "pipeline",
            pipeline.RequiredObjectId("sha"),
            status,
            conclusion,
            pipeline.OptionalText("url") ?? (id is null ? "" : $"{repository.WebUrl}/-/pipelines/{id}"),
            pipeline.OptionalTimestamp("finished_at") ?? pipeline.OptionalTimestamp("created_at"),
            id)
        {
            FailedParts = conclusion == CheckConclusion.Failure ? failed : [],
        };
        return new CheckWebhookEvent(repository, $"pipeline.{state}", check);
    }

    /// <summary>A pipeline's, job's or commit status's status as a check's stage and conclusion (GitLab names them alike).</summary>
    public static (CheckStatus Status, CheckConclusion? Conclusion) Stage(string state) => state switch
    {
        "running" => (CheckStatus.InProgress, null),
        "success" => (CheckStatus.Completed, CheckConclusion.Success),
        "failed" => (CheckStatus.Completed, CheckConclusion.Failure),
        "canceled" or "cancelled" => (CheckStatus.Completed, CheckConclusion.Cancelled),
        "skipped" => (CheckStatus.Completed, CheckConclusion.Skipped),
        _ => (CheckStatus.Queued, null), // created, waiting_for_resource, preparing, pending, scheduled, manual
    };
}
