using System.Globalization;
using Bob.Git.Abstractions;

namespace Bob.Tasks;

/// <summary>
/// The session state service's one decision: what a run's move (a milestone) turns into. Three outputs, each with its own
/// dedupe key, so each reaches its audience once and a failing one (Expo down) never holds back the others:
/// <list type="number">
/// <item>the session's <c>task.updated</c> event, for realtime clients (built by <see cref="TaskRunTriggers"/>);</item>
/// <item>a Kanbanger comment, for the people on the task (<see cref="TaskRunOutbox.CommentEvent"/>, when the table's row
/// has a <see cref="TaskRunTransition.Report"/>);</item>
/// <item>a push notification to the user's devices, opening the session (<see cref="TaskRunOutbox.PushEvent"/>, when the
/// row says <see cref="TaskRunTransition.Push"/>).</item>
/// </list>
/// A cancellation also queues the agent's <see cref="ITaskAgent.CancelAsync"/> (<see cref="TaskRunOutbox.AgentCancelEvent"/>).
/// <see cref="TaskRunTriggers"/> decides them with the move; <see cref="ITaskRunStore.TryMoveAsync"/> writes them in its transaction.
/// </summary>
public static class TaskRunMilestones
{
    /// <summary>The outbox messages of <paramref name="run"/>'s move (the run as it is after it).</summary>
    public static IReadOnlyList<OutboxMessage> For(TaskRun run, TaskRunTransition move, TaskRunTrigger trigger, string? reason, string? pullRequestUrl)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(move);
        var key = string.Create(CultureInfo.InvariantCulture, $"{run.Id:N}:{run.Version}");
        var messages = new List<OutboxMessage>();
        if (trigger == TaskRunTrigger.Cancelled)
        {
            // The agent is told too, from the outbox: a host dying right after the move still stops it.
            messages.Add(TaskRunOutbox.AgentCancel(key, new AgentCancelPayload(run.Id, run.SessionId)));
        }

        var report = TaskRunStateMachine.Report(move, reason, pullRequestUrl);
        if (report is null)
        {
            return messages;
        }

        messages.Add(TaskRunOutbox.Comment(key, new CommentPayload(run.Id, run.WorkspaceId, run.TaskId, report, TaskRunOutbox.CommentKey(run.Id, run.Version, trigger))));
        if (move.Push && run.UserId is { } user && run.SessionId is { } session)
        {
            var body = report.Length <= 500 ? report : report[..500] + "…";
            // The opened pull request's push ("pull request ready") is not sent while its head is red (issue 21).
            messages.Add(TaskRunOutbox.Push(key, new PushPayload(run.Id, user, PushTitle(run, trigger), body, null, $"push:{key}", session) { UnlessRed = trigger == TaskRunTrigger.PullRequestOpened }));
        }

        return messages;
    }

    private static string PushTitle(TaskRun run, TaskRunTrigger trigger) => trigger switch
    {
        TaskRunTrigger.Blocked => $"{run.TaskIdentifier} needs an answer",
        TaskRunTrigger.PullRequestOpened => $"{run.TaskIdentifier}: pull request ready",
        TaskRunTrigger.PullRequestMerged => $"{run.TaskIdentifier} merged",
        TaskRunTrigger.PullRequestClosedUnmerged => $"{run.TaskIdentifier}: pull request closed",
        TaskRunTrigger.Failed => $"{run.TaskIdentifier} failed",
        _ => run.TaskIdentifier,
    };
}
