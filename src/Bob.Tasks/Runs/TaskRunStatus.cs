namespace Bob.Tasks;

/// <summary>The life cycle of a task run (plan 1.5), as the <c>task_runs.status</c> column stores it in lower case.</summary>
public enum TaskRunStatus
{
    /// <summary>The assignment arrived; session and worktree are being prepared.</summary>
    Starting = 1,

    /// <summary>The agent is working.</summary>
    Running = 2,

    /// <summary>The agent needs an answer; a comment or reply resumes it.</summary>
    Blocked = 3,

    /// <summary>Finished: the pull request was merged.</summary>
    Completed = 4,

    /// <summary>Gave up, with a reason (an error, or the pull request closed without merging).</summary>
    Failed = 5,

    /// <summary>
    /// Stopped on purpose by a person (the agent-facing <c>/cancel</c>). Added to the plan's five because it is neither a
    /// success nor a failure: the tracker is told the run was stopped, not that it failed, and nothing is retried.
    /// </summary>
    Cancelled = 6,
}

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
