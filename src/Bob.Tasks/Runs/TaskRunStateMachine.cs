using System.Globalization;
using System.Text;

namespace Bob.Tasks;

/// <summary>One allowed move of the state machine: from a status, on a trigger, to a status.</summary>
/// <param name="From">The status the run is in.</param>
/// <param name="Trigger">What happened.</param>
/// <param name="To">The status the run moves to (the same for a trigger that only records something).</param>
/// <param name="Description">What the move means, for the docs.</param>
public sealed record TaskRunTransition(TaskRunStatus From, TaskRunTrigger Trigger, TaskRunStatus To, string Description);

/// <summary>What firing a trigger did.</summary>
public enum TaskRunFireOutcome
{
    /// <summary>The table allows it: the run moved (or, for a recording trigger, stayed) as the row says.</summary>
    Moved = 1,

    /// <summary>The run is in a terminal status, which absorbs every trigger: nothing changes, nothing is refused.</summary>
    Absorbed = 2,

    /// <summary>The table does not allow the trigger from the run's status: nothing changes (the API answers 409).</summary>
    Refused = 3,
}

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
        new(TaskRunStatus.Starting, TaskRunTrigger.Started, TaskRunStatus.Running, "session and worktree ready, agent started"),
        new(TaskRunStatus.Starting, TaskRunTrigger.Failed, TaskRunStatus.Failed, "preparing failed (unknown assignee, repository or connection)"),
        new(TaskRunStatus.Starting, TaskRunTrigger.Cancelled, TaskRunStatus.Cancelled, "stopped before it began"),
        new(TaskRunStatus.Running, TaskRunTrigger.Blocked, TaskRunStatus.Blocked, "the agent asks a question"),
        new(TaskRunStatus.Running, TaskRunTrigger.PullRequestOpened, TaskRunStatus.Running, "the first push opened the pull request"),
        new(TaskRunStatus.Running, TaskRunTrigger.PullRequestMerged, TaskRunStatus.Completed, "the pull request was merged"),
        new(TaskRunStatus.Running, TaskRunTrigger.PullRequestClosedUnmerged, TaskRunStatus.Failed, "the pull request was closed without merging"),
        new(TaskRunStatus.Running, TaskRunTrigger.Failed, TaskRunStatus.Failed, "the agent gave up"),
        new(TaskRunStatus.Running, TaskRunTrigger.Cancelled, TaskRunStatus.Cancelled, "a person stopped it"),
        new(TaskRunStatus.Blocked, TaskRunTrigger.Replied, TaskRunStatus.Running, "a reply resumes the agent"),
        new(TaskRunStatus.Blocked, TaskRunTrigger.PullRequestOpened, TaskRunStatus.Blocked, "a push opened the pull request while waiting"),
        new(TaskRunStatus.Blocked, TaskRunTrigger.PullRequestMerged, TaskRunStatus.Completed, "the pull request was merged"),
        new(TaskRunStatus.Blocked, TaskRunTrigger.PullRequestClosedUnmerged, TaskRunStatus.Failed, "the pull request was closed without merging"),
        new(TaskRunStatus.Blocked, TaskRunTrigger.Failed, TaskRunStatus.Failed, "the agent gave up"),
        new(TaskRunStatus.Blocked, TaskRunTrigger.Cancelled, TaskRunStatus.Cancelled, "a person stopped it"),
    ];

    private static readonly Dictionary<(TaskRunStatus, TaskRunTrigger), TaskRunTransition> ByKey = Table.ToDictionary(t => (t.From, t.Trigger));

    /// <summary>Whether <paramref name="status"/> is terminal: completed, failed or cancelled.</summary>
    public static bool IsTerminal(TaskRunStatus status) => status is TaskRunStatus.Completed or TaskRunStatus.Failed or TaskRunStatus.Cancelled;

    /// <summary>What <paramref name="trigger"/> does to a run in <paramref name="status"/>, and the status after it.</summary>
    public static (TaskRunFireOutcome Outcome, TaskRunStatus Status) Fire(TaskRunStatus status, TaskRunTrigger trigger) =>
        IsTerminal(status) ? (TaskRunFireOutcome.Absorbed, status)
        : ByKey.TryGetValue((status, trigger), out var move) ? (TaskRunFireOutcome.Moved, move.To)
        : (TaskRunFireOutcome.Refused, status);

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
        var text = new StringBuilder("| from | trigger | to | meaning |\n|---|---|---|---|\n");
        foreach (var t in Table)
        {
            text.Append(CultureInfo.InvariantCulture, $"| `{t.From.ToWireName()}` | `{t.Trigger.ToWireName()}` | `{t.To.ToWireName()}` | {t.Description} |\n");
        }

        text.Append("| `completed`, `failed`, `cancelled` | any | unchanged | terminal: every trigger is absorbed |\n");
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
