namespace Bob.Tasks;

/// <summary>Which task-run status changes are allowed. <see cref="TaskRunStatus.Completed"/> and <see cref="TaskRunStatus.Failed"/> are final.</summary>
public static class TaskRunTransitions
{
    /// <summary>Whether a run in <paramref name="from"/> may move to <paramref name="to"/>.</summary>
    public static bool IsAllowed(TaskRunStatus from, TaskRunStatus to) => (from, to) switch
    {
        (TaskRunStatus.Starting, TaskRunStatus.Running or TaskRunStatus.Blocked or TaskRunStatus.Failed) => true,
        (TaskRunStatus.Running, TaskRunStatus.Blocked or TaskRunStatus.Completed or TaskRunStatus.Failed) => true,
        (TaskRunStatus.Blocked, TaskRunStatus.Running or TaskRunStatus.Completed or TaskRunStatus.Failed) => true,
        _ => false,
    };

    /// <summary>Whether <paramref name="status"/> is final.</summary>
    public static bool IsFinal(TaskRunStatus status) => status is TaskRunStatus.Completed or TaskRunStatus.Failed;

    /// <summary>The lower-case name stored in <c>task_runs.status</c>.</summary>
    public static string ToWireName(this TaskRunStatus status) => status switch
    {
        TaskRunStatus.Starting => "starting",
        TaskRunStatus.Running => "running",
        TaskRunStatus.Blocked => "blocked",
        TaskRunStatus.Completed => "completed",
        TaskRunStatus.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown task run status."),
    };
}
