namespace Bob.Tasks;

/// <summary>One recorded transition of a run, with its cause.</summary>
/// <param name="Version">The run's version after it (1, 2, 3, …).</param>
/// <param name="From">The status before (<see langword="null"/> for the assignment that created the run).</param>
/// <param name="To">The status after.</param>
/// <param name="Trigger">What caused it.</param>
/// <param name="Reason">The reason given with it (blocked, failed), if any.</param>
/// <param name="CreatedAt">When (UTC).</param>
public sealed record TaskRunTransitionRecord(int Version, TaskRunStatus? From, TaskRunStatus To, TaskRunTrigger Trigger, string? Reason, DateTimeOffset CreatedAt);
