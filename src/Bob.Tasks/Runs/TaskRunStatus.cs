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
