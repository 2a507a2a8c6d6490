using System.Globalization;
using System.Text;

namespace Bob.Tasks;

/// <summary>
/// The task-run state machine (plan 1.5, 5.x). <see cref="Table"/> is the one source of truth: the code fires from it, and
/// the package README's table and Mermaid diagram are generated from it (<see cref="ToMarkdown"/>, <see cref="ToMermaid"/>;
/// a test fails when the README is stale). Terminal statuses (<see cref="IsTerminal"/>) absorb every trigger. Firing is a
/// pure function; persistence (with optimistic concurrency) is the store's.
/// </summary>
public static class TaskRunStateMachine
{
    /// <summary>The status a new run starts in, on <see cref="TaskRunTrigger.Assigned"/>.</summary>
    public const TaskRunStatus Initial = TaskRunStatus.Starting;

    /// <summary>Every allowed move. A trigger not listed for a non-terminal status is refused.</summary>
    public static IReadOnlyList<TaskRunTransition> Table { get; } =
    [
        new(TaskRunStatus.Starting, TaskRunTrigger.Started, TaskRunStatus.Running, "session and worktree ready, agent started") { Report = Started },
        new(TaskRunStatus.Starting, TaskRunTrigger.Failed, TaskRunStatus.Failed, "preparing failed (unknown assignee, repository or connection)") { Report = FailedReport, Push = true },
        new(TaskRunStatus.Starting, TaskRunTrigger.Cancelled, TaskRunStatus.Cancelled, "stopped before it began") { Report = CancelledReport },
        new(TaskRunStatus.Running, TaskRunTrigger.Blocked, TaskRunStatus.Blocked, "the agent asks a question") { Report = BlockedReport, Push = true },
        new(TaskRunStatus.Running, TaskRunTrigger.PullRequestOpened, TaskRunStatus.Running, "the first push opened the pull request") { Report = OpenedReport, Guard = TaskRunGuard.NoPullRequestYet, Push = true },
        new(TaskRunStatus.Running, TaskRunTrigger.PullRequestMerged, TaskRunStatus.Completed, "the pull request was merged") { Report = MergedReport, Push = true },
        new(TaskRunStatus.Running, TaskRunTrigger.PullRequestClosedUnmerged, TaskRunStatus.Failed, "the pull request was closed without merging") { Report = ClosedReport, Push = true },
        new(TaskRunStatus.Running, TaskRunTrigger.Failed, TaskRunStatus.Failed, "the agent gave up") { Report = FailedReport, Push = true },
        new(TaskRunStatus.Running, TaskRunTrigger.Cancelled, TaskRunStatus.Cancelled, "a person stopped it") { Report = CancelledReport },
        new(TaskRunStatus.Blocked, TaskRunTrigger.Replied, TaskRunStatus.Running, "a reply resumes the agent"),
        new(TaskRunStatus.Blocked, TaskRunTrigger.PullRequestOpened, TaskRunStatus.Blocked, "a push opened the pull request while waiting") { Report = OpenedReport, Guard = TaskRunGuard.NoPullRequestYet, Push = true },
        new(TaskRunStatus.Blocked, TaskRunTrigger.PullRequestMerged, TaskRunStatus.Completed, "the pull request was merged") { Report = MergedReport, Push = true },
        new(TaskRunStatus.Blocked, TaskRunTrigger.PullRequestClosedUnmerged, TaskRunStatus.Failed, "the pull request was closed without merging") { Report = ClosedReport, Push = true },
        new(TaskRunStatus.Blocked, TaskRunTrigger.Failed, TaskRunStatus.Failed, "the agent gave up") { Report = FailedReport, Push = true },
        new(TaskRunStatus.Blocked, TaskRunTrigger.Cancelled, TaskRunStatus.Cancelled, "a person stopped it") { Report = CancelledReport },
    ];

    private const string Started = "Bob started working on this task.";
    private const string BlockedReport = "Bob is blocked and needs an answer: {reason}\n\nReply with a comment to resume.";
    private const string OpenedReport = "Bob opened a draft pull request: {pullRequest}";
    private const string MergedReport = "The pull request was merged: {pullRequest}. Bob's run is complete.";
    private const string ClosedReport = "The pull request was closed without merging: {pullRequest}. Bob stopped.";
    private const string FailedReport = "Bob could not finish this task: {reason}";
    private const string CancelledReport = "Bob's run was cancelled.";

    private static readonly Dictionary<(TaskRunStatus, TaskRunTrigger), TaskRunTransition> ByKey = Table.ToDictionary(t => (t.From, t.Trigger));

    /// <summary>Whether <paramref name="status"/> is terminal: completed, failed or cancelled.</summary>
    public static bool IsTerminal(TaskRunStatus status) => status is TaskRunStatus.Completed or TaskRunStatus.Failed or TaskRunStatus.Cancelled;

    /// <summary>What <paramref name="trigger"/> does to a run in <paramref name="status"/>, and the status after it.</summary>
    public static (TaskRunFireOutcome Outcome, TaskRunStatus Status) Fire(TaskRunStatus status, TaskRunTrigger trigger) =>
        IsTerminal(status) ? (TaskRunFireOutcome.Absorbed, status)
        : ByKey.TryGetValue((status, trigger), out var move) ? (TaskRunFireOutcome.Moved, move.To)
        : (TaskRunFireOutcome.Refused, status);

    /// <summary>
    /// What <paramref name="trigger"/> does to <paramref name="run"/>: as <see cref="Fire(TaskRunStatus, TaskRunTrigger)"/>,
    /// and <see cref="TaskRunFireOutcome.Ignored"/> when the move's guard does not hold; the move, when there is one.
    /// </summary>
    public static (TaskRunFireOutcome Outcome, TaskRunStatus Status, TaskRunTransition? Move) Fire(TaskRun run, TaskRunTrigger trigger)
    {
        ArgumentNullException.ThrowIfNull(run);
        var (outcome, status) = Fire(run.Status, trigger);
        if (outcome != TaskRunFireOutcome.Moved)
        {
            return (outcome, status, null);
        }

        var move = ByKey[(run.Status, trigger)];
        return move.Guard is { } guard && !guard.Allows(run) ? (TaskRunFireOutcome.Ignored, run.Status, move) : (outcome, status, move);
    }

    /// <summary>The tracker comment of <paramref name="move"/> (its <see cref="TaskRunTransition.Report"/> filled in), or <see langword="null"/>.</summary>
    public static string? Report(TaskRunTransition move, string? reason, string? pullRequestUrl)
    {
        ArgumentNullException.ThrowIfNull(move);
        return move.Report?
            .Replace("{reason}", string.IsNullOrWhiteSpace(reason) ? "no reason was given." : reason.Trim(), StringComparison.Ordinal)
            .Replace("{pullRequest}", pullRequestUrl ?? "(unknown)", StringComparison.Ordinal);
    }

    /// <summary>The trigger's wire name (<c>pull_request_merged</c>, ...), as stored in <c>task_run_transitions.trigger</c>.</summary>
    public static string ToWireName(this TaskRunTrigger trigger) => trigger switch
    {
        TaskRunTrigger.Assigned => "assigned",
        TaskRunTrigger.Started => "started",
        TaskRunTrigger.Blocked => "blocked",
        TaskRunTrigger.Replied => "replied",
        TaskRunTrigger.PullRequestOpened => "pull_request_opened",
        TaskRunTrigger.PullRequestMerged => "pull_request_merged",
        TaskRunTrigger.PullRequestClosedUnmerged => "pull_request_closed_unmerged",
        TaskRunTrigger.Failed => "failed",
        TaskRunTrigger.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(trigger), trigger, "Unknown task run trigger."),
    };

    /// <summary>The table as a Markdown table, for the README.</summary>
    public static string ToMarkdown()
    {
        var text = new StringBuilder("| from | trigger | guard | to | meaning | tracker comment | push |\n|---|---|---|---|---|---|---|\n");
        foreach (var t in Table)
        {
            var report = t.Report is null ? "none" : t.Report.Replace("\n\n", " ", StringComparison.Ordinal);
            text.Append(CultureInfo.InvariantCulture, $"| `{t.From.ToWireName()}` | `{t.Trigger.ToWireName()}` | {t.Guard?.Description ?? ""} | `{t.To.ToWireName()}` | {t.Description} | {report} | {(t.Push ? "yes" : "")} |\n");
        }

        text.Append("| `completed`, `failed`, `cancelled` | any | | unchanged | terminal: every trigger is absorbed | none | |\n");
        return text.ToString();
    }

    /// <summary>The table as a Mermaid state diagram, for the README.</summary>
    public static string ToMermaid()
    {
        var text = new StringBuilder("```mermaid\nstateDiagram-v2\n");
        text.Append(CultureInfo.InvariantCulture, $"    [*] --> {Initial.ToWireName()}: {TaskRunTrigger.Assigned.ToWireName()}\n");
        foreach (var t in Table)
        {
            text.Append(CultureInfo.InvariantCulture, $"    {t.From.ToWireName()} --> {t.To.ToWireName()}: {t.Trigger.ToWireName()}\n");
        }

        foreach (var terminal in Enum.GetValues<TaskRunStatus>().Where(IsTerminal))
        {
            text.Append(CultureInfo.InvariantCulture, $"    {terminal.ToWireName()} --> [*]\n");
        }

        return text.Append("```\n").ToString();
    }
}
