namespace Bob.Tasks;

/// <summary>Which task-run status changes some trigger of <see cref="TaskRunStateMachine.Table"/> makes; terminal statuses are final.</summary>
public static class TaskRunTransitions
{
    /// <summary>Whether some trigger moves a run in <paramref name="from"/> to another status <paramref name="to"/>.</summary>
    public static bool IsAllowed(TaskRunStatus from, TaskRunStatus to) =>
        from != to && TaskRunStateMachine.Table.Any(t => t.From == from && t.To == to);

    /// <summary>Whether <paramref name="status"/> is final (<see cref="TaskRunStateMachine.IsTerminal"/>).</summary>
    public static bool IsFinal(TaskRunStatus status) => TaskRunStateMachine.IsTerminal(status);

    /// <summary>The lower-case name stored in <c>task_runs.status</c>.</summary>
    public static string ToWireName(this TaskRunStatus status) => status switch
    {
        TaskRunStatus.Starting => "starting",
        TaskRunStatus.Running => "running",
        TaskRunStatus.Blocked => "blocked",
        TaskRunStatus.Completed => "completed",
        TaskRunStatus.Failed => "failed",
        TaskRunStatus.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown task run status."),
    };
}
