using Bob.Notifications;

namespace Bob.Tasks;

/// <summary>
/// The task runs' outbox: an outbox webhook source (<see cref="Bob.Webhooks.WebhookSourceDefinition.ForOutbox"/>) whose rows
/// are written in the transaction of the change that causes them and performed by <see cref="TaskRunOutboxProcessor"/>
/// under the webhook worker's claims, leases, retries with backoff and dead letters. Each row's delivery id is its dedupe
/// key, so a change written twice queues its effect once.
/// </summary>
/// <remarks>
/// Rows:
/// <list type="bullet">
/// <item><c>kanbanger.comment</c>, written with a transition that reports (<see cref="TaskRunTransition.Report"/>): delivery
/// id <c>comment:{runId}:{version}</c>, payload <c>{"runId","workspaceId","taskId","body","idempotencyKey"}</c>; sent
/// with <see cref="KanbangerClient.AddCommentAsync"/> and that <c>Idempotency-Key</c>, so a retry after a lost answer or a
/// host killed mid-request leaves one comment.</item>
/// <item><c>push.notification</c>, written with a transition whose row pushes (<see cref="TaskRunTransition.Push"/>):
/// delivery id <c>push:{runId}:{version}</c>, payload <c>{"runId","userId","title","body","link","dedupeKey"}</c>; sent by
/// <see cref="PushNotifier"/> to the user's enabled devices, once per device for the key.</item>
/// <item><c>pull_request</c>, written when a pull request of a task run's session is linked, merged or closed: delivery id
/// <c>pr:{pullRequestId}:{status}</c>, payload <c>{"sessionId","pullRequestId","status"}</c>; fires the run's
/// <see cref="TaskRunTrigger.PullRequestOpened"/>, <see cref="TaskRunTrigger.PullRequestMerged"/> or
/// <see cref="TaskRunTrigger.PullRequestClosedUnmerged"/>.</item>
/// <item><c>agent.cancel</c> (<c>agent-cancel:{runId}:{version}</c>), written with a cancellation: calls
/// <see cref="ITaskAgent.CancelAsync"/>, at least once.</item>
/// <item><c>pull_request.auto_task</c> (<c>autotask:{pullRequestId}</c>), written when a pull request is linked to a session
/// without a task run: weighed by <see cref="TaskWorthinessGate"/> and, when it passes, given a Kanbanger task once
/// (<see cref="PullRequestTaskService"/>).</item>
/// </list>
/// </remarks>
public static class TaskRunOutbox
{
    /// <summary>The outbox source's wire name: <c>task-runs</c>.</summary>
    public const string SourceName = "task-runs";

    /// <summary>A tracker comment to send.</summary>
    public const string CommentEvent = "kanbanger.comment";

    /// <summary>A push notification to the run's user's devices.</summary>
    public const string PushEvent = "push.notification";

    /// <summary>Tell the run's agent that the run was cancelled.</summary>
    public const string AgentCancelEvent = "agent.cancel";

    /// <summary>A session's new pull request without a task, to weigh for an automatic task (plan 5.3).</summary>
    public const string AutoTaskEvent = "pull_request.auto_task";

    /// <summary>A pull request of a run's session changed.</summary>
    public const string PullRequestEvent = "pull_request";

    /// <summary>The <c>Idempotency-Key</c> of the comment of a run's move to <paramref name="version"/> by <paramref name="trigger"/>.</summary>
    public static string CommentKey(Guid runId, int version, TaskRunTrigger trigger) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"bob-task-run-{runId:N}-{version}-{trigger.ToWireName()}");
}
