using System.Text.Json;
using Bob.Git.Abstractions;

namespace Bob.Tasks;

/// <summary>
/// A move of a run that <see cref="TaskRunTriggers"/> decided, for <see cref="ITaskRunStore.TryMoveAsync"/> to write in one
/// transaction, and only if the run is still at <see cref="FromVersion"/>: the run's new state, the transition's record,
/// the task linked to the pull request, the session events and the outbox rows. The store decides nothing about it.
/// </summary>
/// <param name="RunId">The run.</param>
/// <param name="FromVersion">The version the decision was made on (the optimistic concurrency token).</param>
/// <param name="From">The status before.</param>
/// <param name="To">The status after.</param>
/// <param name="Trigger">What caused it.</param>
/// <param name="Reason">The reason recorded with the transition, if any.</param>
public sealed record TaskRunMove(Guid RunId, int FromVersion, TaskRunStatus From, TaskRunStatus To, TaskRunTrigger Trigger, string? Reason)
{
    /// <summary>The run's blocked reason after the move.</summary>
    public string? BlockedReason { get; init; }

    /// <summary>The run's failure reason after the move.</summary>
    public string? FailureReason { get; init; }

    /// <summary>Whether the move finishes the run (its completion time is set).</summary>
    public bool Finishes { get; init; }

    /// <summary>The pull request the move links to the run, if it links one.</summary>
    public Guid? PullRequestId { get; init; }

    /// <summary>The Kanbanger task written on <see cref="PullRequestId"/>'s row, when the move links it.</summary>
    public string? LinkTaskId { get; init; }

    /// <summary>What caused the move, when the same cause can come again; a run records each cause once.</summary>
    public string? CauseKey { get; init; }

    /// <summary>The session events appended in the move's transaction.</summary>
    public IReadOnlyList<(Guid SessionId, string Kind, JsonElement Payload)> Events { get; init; } = [];

    /// <summary>The outbox rows queued in the move's transaction.</summary>
    public IReadOnlyList<OutboxMessage> Outbox { get; init; } = [];
}
