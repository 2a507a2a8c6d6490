namespace Bob.Tasks;

/// <summary>One allowed move of the state machine: from a status, on a trigger, to a status.</summary>
/// <param name="From">The status the run is in.</param>
/// <param name="Trigger">What happened.</param>
/// <param name="To">The status the run moves to (the same for a trigger that only records something).</param>
/// <param name="Description">What the move means, for the docs.</param>
public sealed record TaskRunTransition(TaskRunStatus From, TaskRunTrigger Trigger, TaskRunStatus To, string Description)
{
    /// <summary>
    /// What the tracker is told when the move happens: a comment template in which <c>{reason}</c> is the reason given with
    /// the trigger and <c>{pullRequest}</c> the run's pull request URL; <see langword="null"/>: no comment. Sent exactly once
    /// per move through the outbox (<see cref="TaskRunOutbox"/>).
    /// </summary>
    public string? Report { get; init; }

    /// <summary>A condition on the run besides its status; when it does not hold, the trigger is <see cref="TaskRunFireOutcome.Ignored"/>.</summary>
    public TaskRunGuard? Guard { get; init; }

    /// <summary>Whether the user's devices get a push notification of the move (its <see cref="Report"/> as the text).</summary>
    public bool Push { get; init; }
}
