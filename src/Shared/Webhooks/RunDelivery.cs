using System.Globalization;
using System.Text.Json;
using Bob.Git.Abstractions;

namespace Bob;

/// <summary>
/// A check run or workflow run as GitHub writes it, and Gitea/Forgejo's Actions write a workflow run
/// (<c>ActionWorkflowRun</c> of <c>modules/structs/repo_actions.go</c>, modelled on GitHub's): <c>id</c>, <c>head_sha</c>,
/// <c>status</c> (<c>queued</c>, <c>requested</c>, <c>waiting</c> and <c>pending</c> are queued; <c>in_progress</c> runs;
/// <c>completed</c> with its <c>conclusion</c>), <c>html_url</c> and its times, as a <see cref="CheckReport"/> (issue 21).
/// </summary>
/// <remarks>Compiled into the GitHub and Gitea packages; internal.</remarks>
internal static class RunDelivery
{
    /// <summary>The run; <paramref name="name"/> when the run names none (Gitea's names its workflow beside it), else its <c>name</c>.</summary>
    public static CheckReport Report(CheckKind kind, JsonElement run, string? name = null)
    {
        var status = run.RequiredText("status") switch
        {
            "completed" => CheckStatus.Completed,
            "in_progress" => CheckStatus.InProgress,
            _ => CheckStatus.Queued, // queued, requested, waiting, pending
        };
        var conclusion = status == CheckStatus.Completed && run.OptionalText("conclusion") is { Length: > 0 } said ? CheckNames.ParseConclusion(said) : (CheckConclusion?)null;
        var at = Later(Time(run, "completed_at"), Later(Time(run, "started_at"), Later(Time(run, "updated_at"), Time(run, "run_started_at"))));
        var named = run.OptionalText("name") is { Length: > 0 } own ? own : name is { Length: > 0 } given ? given : kind == CheckKind.WorkflowRun ? $"workflow {Id(run)}" : "check";
        return new CheckReport(kind, named, run.RequiredObjectId("head_sha"), status, conclusion, run.OptionalText("html_url") ?? "", at, Id(run));
    }

    /// <summary>A time of the run; Go's zero time (<c>0001-01-01T00:00:00Z</c>, which Gitea writes for a run not started or not completed) is none.</summary>
    private static DateTimeOffset? Time(JsonElement run, string name) =>
        run.OptionalText(name) is { } text && text.StartsWith("0001-01-01", StringComparison.Ordinal) ? null : run.OptionalTimestamp(name);

    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => Nullable.Compare(a, b) >= 0 ? a : b;

    private static string? Id(JsonElement element) =>
        element.TryGetProperty("id", out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var id) && id > 0
            ? id.ToString(CultureInfo.InvariantCulture)
            : null;
}
