namespace Bob.Tasks;

/// <summary>What happens to a task run: the named triggers of <see cref="TaskRunStateMachine"/>.</summary>
public enum TaskRunTrigger
{
    /// <summary>Kanbanger assigned the task (<c>task.assigned</c>); a run is created in <see cref="TaskRunStatus.Starting"/>.</summary>
    Assigned = 1,

    /// <summary>Session and worktree are ready and the agent was started.</summary>
    Started = 2,

    /// <summary>The agent needs an answer (with a reason).</summary>
    Blocked = 3,

    /// <summary>A reply arrived (a Kanbanger comment or a quick reply) for a blocked run.</summary>
    Replied = 4,

    /// <summary>The run's first push opened its pull request.</summary>
    PullRequestOpened = 5,

    /// <summary>The pull request was merged.</summary>
    PullRequestMerged = 6,

    /// <summary>The pull request was closed without merging.</summary>
    PullRequestClosedUnmerged = 7,

    /// <summary>The run failed (with a reason).</summary>
    Failed = 8,

    /// <summary>A person stopped the run.</summary>
    Cancelled = 9,
}
