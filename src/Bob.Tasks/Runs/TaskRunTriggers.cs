using Bob.Git.Abstractions;

namespace Bob.Tasks;

/// <summary>
/// Fires triggers at task runs: decides each move with <see cref="TaskRunStateMachine"/> (guards and cause keys included)
/// and what it causes with <see cref="TaskRunMilestones"/> (the session's <c>task.updated</c> event, the tracker comment, the
/// push, the agent's cancellation), then has the store write it all in one transaction (<see cref="ITaskRunStore.TryMoveAsync"/>)
/// only if nobody moved the run meanwhile; otherwise reads the run again and decides again.
/// </summary>
public sealed class TaskRunTriggers(ITaskRunStore runs)
{
    /// <summary>
    /// Fires <paramref name="trigger"/> at the run; returns what happened and the run after it (<see langword="null"/> when
    /// there is no such run).
    /// </summary>
    /// <param name="runId">The run.</param>
    /// <param name="trigger">What happened.</param>
    /// <param name="reason">Why (blocked, failed, cancelled), if said.</param>
    /// <param name="pullRequestId">For <see cref="TaskRunTrigger.PullRequestOpened"/>: the pull request, linked to the run and to the task.</param>
    /// <param name="causeKey">
    /// What caused it, when the same cause can arrive again (a reply's comment id): a cause already recorded on the run is
    /// <see cref="TaskRunFireOutcome.Ignored"/>, even after the run came back to a status the trigger moves.
    /// </param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<(TaskRunFireOutcome Outcome, TaskRun Run)?> FireAsync(Guid runId, TaskRunTrigger trigger, string? reason = null, Guid? pullRequestId = null, string? causeKey = null, CancellationToken cancellationToken = default)
    {
        if (trigger == TaskRunTrigger.PullRequestOpened && pullRequestId is null)
        {
            throw new ArgumentException("pull_request_opened names the pull request.", nameof(pullRequestId));
        }

        reason = reason?.Replace("\0", "", StringComparison.Ordinal); // stored as text, sent as a comment: no NUL
        while (true)
        {
            if (await runs.FindAsync(runId, cancellationToken).ConfigureAwait(false) is not { } run)
            {
                return null;
            }

            var (outcome, next, move) = TaskRunStateMachine.Fire(run, trigger);
            if (outcome == TaskRunFireOutcome.Moved && causeKey is not null && await runs.HasCauseAsync(runId, causeKey, cancellationToken).ConfigureAwait(false))
            {
                outcome = TaskRunFireOutcome.Ignored; // read after the run: a writer that recorded this cause moved its version
            }

            if (outcome != TaskRunFireOutcome.Moved)
            {
                return (outcome, run);
            }

            var linked = trigger == TaskRunTrigger.PullRequestOpened ? pullRequestId : null;
            var after = run with
            {
                Status = next,
                Version = run.Version + 1,
                BlockedReason = next == TaskRunStatus.Blocked ? reason : null,
                FailureReason = next == TaskRunStatus.Failed ? reason ?? trigger.ToWireName() : run.FailureReason,
                PullRequestId = linked ?? run.PullRequestId,
            };
            var pullRequestUrl = after.PullRequestId is { } pr ? await runs.PullRequestUrlAsync(pr, cancellationToken).ConfigureAwait(false) : null;
            var written = await runs.TryMoveAsync(
                new TaskRunMove(runId, run.Version, run.Status, next, trigger, reason)
                {
                    BlockedReason = after.BlockedReason,
                    FailureReason = after.FailureReason,
                    Finishes = TaskRunStateMachine.IsTerminal(next),
                    PullRequestId = linked,
                    LinkTaskId = linked is null ? null : run.TaskId,
                    CauseKey = causeKey,
                    Events = after.SessionId is { } session
                        ? [(session, SessionEventKinds.TaskUpdated, SessionEventPayloads.ToElement(new TaskUpdatedEvent(after.Id, after.Status.ToWireName(), trigger.ToWireName(), reason, pullRequestUrl)))]
                        : [],
                    Outbox = TaskRunMilestones.For(after, move!, trigger, reason, pullRequestUrl),
                },
                cancellationToken).ConfigureAwait(false);
            if (written is not null)
            {
                return (outcome, written);
            }
        }
    }
}
