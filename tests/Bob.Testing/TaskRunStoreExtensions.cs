using Bob.Tasks;

namespace Bob.Testing;

/// <summary>Lets a test move a stored run as the suite does: decided by <see cref="TaskRunTriggers"/>, written by the store.</summary>
public static class TaskRunStoreExtensions
{
    /// <summary>Fires <paramref name="trigger"/> at the run through a <see cref="TaskRunTriggers"/> over <paramref name="store"/>.</summary>
    public static Task<(TaskRunFireOutcome Outcome, TaskRun Run)?> FireAsync(this ITaskRunStore store, Guid runId, TaskRunTrigger trigger, string? reason = null, Guid? pullRequestId = null, string? causeKey = null, CancellationToken cancellationToken = default) =>
        new TaskRunTriggers(store).FireAsync(runId, trigger, reason, pullRequestId, causeKey, cancellationToken);
}
