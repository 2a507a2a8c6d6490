using System.Globalization;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Bob.Git.Abstractions;

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
/// <see cref="ISessionNotifier"/> (Bob.Notifications pushes to the user's enabled devices), once per device for the key.</item>
/// <item><c>pull_request</c>, written (by <see cref="Bob.Git.Abstractions.IPullRequestSessionObserver"/>) when a session's
/// pull request is linked, marked ready, merged or closed: delivery id <c>pr:{pullRequestId}:{status}</c>, payload
/// <c>{"sessionId","pullRequestId","status","userId"}</c>; fires the session's run's
/// <see cref="TaskRunTrigger.PullRequestOpened"/>, <see cref="TaskRunTrigger.PullRequestMerged"/> or
/// <see cref="TaskRunTrigger.PullRequestClosedUnmerged"/>, or, in a session without a run, weighs a newly linked pull request
/// without a task for an automatic one (<see cref="PullRequestTaskService"/>).</item>
/// <item><c>agent.cancel</c> (<c>agent-cancel:{runId}:{version}</c>), written with a cancellation: calls
/// <see cref="ITaskAgent.CancelAsync"/>, at least once.</item>
/// <item><c>agent.reply</c> (<c>agent-reply:{sessionId}:{commentId}</c>), written with the session's <c>reply.received</c>
/// event of a quick reply: hands the reply to the run's agent and resumes a blocked run (<see cref="TaskRunService.ReplyAsync"/>),
/// so one <c>clientInputId</c> is one hand-over however often it is sent.</item>
/// <item><c>agent.feedback</c> (<c>agent-feedback:{sessionId}:{feedbackId}</c>), written (by
/// <see cref="Bob.Git.Abstractions.IPullRequestFeedbackObserver"/>) with the session's <c>review.submitted</c> or
/// <c>review.comment</c> event of a trusted reviewer: hands it to the session's run's agent
/// (<see cref="ITaskAgent.FeedbackAsync"/>) and resumes a blocked run (<see cref="TaskRunService.HandOverFeedbackAsync"/>),
/// once per review or comment however often it is delivered (an edit is not handed over again).</item>
/// <item><c>review.changes_requested</c> (<c>changes-requested:{sessionId}:{reviewId}</c>), written with the event of a trusted
/// review that requests changes: one Kanbanger comment on the run's task ("Changes requested by @reviewer: …") with the
/// <c>Idempotency-Key</c> <c>bob-review-{runId}-{reviewId}</c>.</item>
/// <item><c>checks.failed</c> (<c>checks-failed:{sessionId}:ci:{headSha}</c>), written with the session's
/// <c>checks.updated</c> event of a red head (with an <c>agent.feedback</c> row of kind <c>ci_failed</c>): one Kanbanger
/// comment naming the failing checks, <c>Idempotency-Key</c> <c>bob-review-{runId}-ci:{headSha}</c>.</item>
/// <item><c>checks.passed</c> (<c>checks-passed:{sessionId}:ci:{headSha}</c>), written with the event of a green head: one
/// Kanbanger comment ("CI passed on …") when the head is still green and the session holds a red <c>checks.updated</c> of
/// the same pull request on another head, that is when a fix turned it green; nothing otherwise (a head green for a moment,
/// before its other checks reported, says nothing). Both green rows wait <see cref="TaskRunOptions.GreenSettleSeconds"/>
/// before they first act, and while the head is pending again they wait on the retry schedule: a head green for a moment
/// (a fast status before the check runs are created) is not called green, and one that settles green later still is.</item>
/// <item><c>push.ready</c> (<c>push-ready:{sessionId}:ci:{headSha}</c>), written with the event of a green head: the "pull
/// request ready" push to the run's user, when the pull request is ready for review (not a draft) and that head is still
/// its head and green; a draft marked ready while its head is green (the <c>pr:{pullRequestId}:ready</c> row) pushes the
/// same, and the two share the dedupe key <c>push:ready:{runId}:{headSha}</c>, so a head is pushed once.</item>
/// <item><c>pull_request.auto_task</c> (<c>autotask:{pullRequestId}</c>): rows written before automatic tasks were decided
/// from <c>pull_request</c> rows are still processed (weighed by <see cref="TaskWorthinessGate"/>, given a task once).</item>
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

    /// <summary>Hand a quick reply to the run's agent.</summary>
    public const string AgentReplyEvent = "agent.reply";

    /// <summary>Hand a trusted reviewer's review or comment to the run's agent.</summary>
    public const string AgentFeedbackEvent = "agent.feedback";

    /// <summary>Tell the run's Kanbanger task that a trusted reviewer requested changes.</summary>
    public const string ChangesRequestedEvent = "review.changes_requested";

    /// <summary>Tell the run's Kanbanger task that its pull request's head is red (issue 21).</summary>
    public const string ChecksFailedEvent = "checks.failed";

    /// <summary>Tell the run's Kanbanger task that its pull request is green again after a red head (issue 21).</summary>
    public const string ChecksPassedEvent = "checks.passed";

    /// <summary>Push "pull request ready" to the run's user when its pull request is ready for review and green (issue 21).</summary>
    public const string ReadyPushEvent = "push.ready";

    /// <summary>A session's new pull request without a task, to weigh for an automatic task (plan 5.3).</summary>
    public const string AutoTaskEvent = "pull_request.auto_task";

    /// <summary>A pull request of a run's session changed.</summary>
    public const string PullRequestEvent = "pull_request";

    /// <summary>The <c>Idempotency-Key</c> of the comment of a run's move to <paramref name="version"/> by <paramref name="trigger"/>.</summary>
    public static string CommentKey(Guid runId, int version, TaskRunTrigger trigger) =>
        string.Create(CultureInfo.InvariantCulture, $"bob-task-run-{runId:N}-{version}-{trigger.ToWireName()}");

    /// <summary>The row for a pull request of a task run's session that was <c>linked</c>, <c>merged</c> or <c>closed</c>.</summary>
    public static OutboxMessage PullRequestChanged(Guid sessionId, Guid pullRequestId, string status, Guid? userId = null) =>
        Message(string.Create(CultureInfo.InvariantCulture, $"pr:{pullRequestId:N}:{status}"), PullRequestEvent, new PullRequestPayload(sessionId, pullRequestId, status, userId), Json.PullRequestPayload);

    internal static OutboxMessage Comment(string key, CommentPayload payload) => Message($"comment:{key}", CommentEvent, payload, Json.CommentPayload);

    internal static OutboxMessage Push(string key, PushPayload payload) => Message($"push:{key}", PushEvent, payload, Json.PushPayload);

    /// <summary>The row that hands a reply (its <paramref name="commentId"/> the dedupe key) to the agent of <paramref name="runId"/>, once per session and id.</summary>
    public static OutboxMessage AgentReply(Guid runId, Guid sessionId, string commentId, string author, string body) =>
        Message(string.Create(CultureInfo.InvariantCulture, $"agent-reply:{sessionId:N}:{commentId}"), AgentReplyEvent, new AgentReplyPayload(runId, sessionId, commentId, author, body), Json.AgentReplyPayload);

    /// <summary>The row that hands a trusted review or comment (<paramref name="feedback"/>'s id the dedupe key) to the agent of the session's run.</summary>
    internal static OutboxMessage AgentFeedback(AgentFeedbackPayload feedback) =>
        Message(string.Create(CultureInfo.InvariantCulture, $"agent-feedback:{feedback.SessionId:N}:{feedback.FeedbackId}"), AgentFeedbackEvent, feedback, Json.AgentFeedbackPayload);

    /// <summary>The row that tells the session's run's task, once, that <paramref name="review"/>'s author requested changes.</summary>
    internal static OutboxMessage ChangesRequested(AgentFeedbackPayload review) =>
        Message(string.Create(CultureInfo.InvariantCulture, $"changes-requested:{review.SessionId:N}:{review.FeedbackId}"), ChangesRequestedEvent, review, Json.AgentFeedbackPayload);

    /// <summary>The row that tells the session's run's task, once per head, what fails on it.</summary>
    internal static OutboxMessage ChecksFailed(AgentFeedbackPayload failed) =>
        Message(string.Create(CultureInfo.InvariantCulture, $"checks-failed:{failed.SessionId:N}:{failed.FeedbackId}"), ChecksFailedEvent, failed, Json.AgentFeedbackPayload);

    /// <summary>The row that tells the session's run's task, once per head, that it passed (when it was red before).</summary>
    internal static OutboxMessage ChecksPassed(AgentFeedbackPayload passed) =>
        Message(string.Create(CultureInfo.InvariantCulture, $"checks-passed:{passed.SessionId:N}:{passed.FeedbackId}"), ChecksPassedEvent, passed, Json.AgentFeedbackPayload);

    /// <summary>The row that pushes, once per head, that the pull request is ready (when it is ready for review and green).</summary>
    internal static OutboxMessage ReadyPush(AgentFeedbackPayload green) =>
        Message(string.Create(CultureInfo.InvariantCulture, $"push-ready:{green.SessionId:N}:{green.FeedbackId}"), ReadyPushEvent, green, Json.AgentFeedbackPayload);

    /// <summary>The dedupe key of the "pull request ready" push of <paramref name="runId"/>'s head <paramref name="headSha"/>.</summary>
    internal static string ReadyPushKey(Guid runId, string headSha) => string.Create(CultureInfo.InvariantCulture, $"push:ready:{runId:N}:{headSha}");

    /// <summary>The <c>Idempotency-Key</c> of the tracker comment for a changes request.</summary>
    internal static string ChangesRequestedKey(Guid runId, string feedbackId) =>
        string.Create(CultureInfo.InvariantCulture, $"bob-review-{runId:N}-{feedbackId}");

    internal static OutboxMessage AgentCancel(string key, AgentCancelPayload payload) => Message($"agent-cancel:{key}", AgentCancelEvent, payload, Json.AgentCancelPayload);

    internal static TaskRunOutboxJsonContext Json => TaskRunOutboxJsonContext.Default;

    private static OutboxMessage Message<T>(string deliveryId, string eventType, T payload, JsonTypeInfo<T> type) =>
        OutboxMessage.Of(SourceName, deliveryId, eventType, payload, type);
}

/// <summary>A <see cref="TaskRunOutbox.CommentEvent"/> row.</summary>
internal sealed record CommentPayload(Guid RunId, string WorkspaceId, string TaskId, string Body, string IdempotencyKey);

/// <summary>A <see cref="TaskRunOutbox.PushEvent"/> row.</summary>
/// <remarks>Rows written before <see cref="SessionId"/> existed carry the session's deep link in <see cref="Link"/> instead.</remarks>
internal sealed record PushPayload(Guid RunId, Guid UserId, string Title, string Body, string? Link, string DedupeKey, Guid? SessionId = null)
{
    /// <summary>Whether the push is dropped when the run's pull request's head is red at sending time (the opened pull request's push).</summary>
    public bool UnlessRed { get; init; }

    /// <summary>The session the push opens: <see cref="SessionId"/>, or the id that ends an older row's <c>bob://session/{id}</c> link.</summary>
    public Guid? Session => SessionId ?? (Uri.TryCreate(Link, UriKind.Absolute, out var link) && Guid.TryParse(link.Segments[^1], out var id) ? id : null);
}

/// <summary>A <see cref="TaskRunOutbox.PullRequestEvent"/> row.</summary>
internal sealed record PullRequestPayload(Guid SessionId, Guid PullRequestId, string Status, Guid? UserId = null);

/// <summary>A <see cref="TaskRunOutbox.AgentCancelEvent"/> row.</summary>
internal sealed record AgentCancelPayload(Guid RunId, Guid? SessionId);

/// <summary>A <see cref="TaskRunOutbox.AgentReplyEvent"/> row.</summary>
internal sealed record AgentReplyPayload(Guid RunId, Guid SessionId, string CommentId, string Author, string Body);

/// <summary>A <see cref="TaskRunOutbox.AgentFeedbackEvent"/> or <see cref="TaskRunOutbox.ChangesRequestedEvent"/> row.</summary>
internal sealed record AgentFeedbackPayload(
    Guid SessionId, Guid PullRequestId, string FeedbackId, string Kind, string Author, string Body, string? Path, int? Line, string Url, string? ReviewState, string? CommentId);

/// <summary>The outbox rows' JSON (camelCase), written and read only through <see cref="TaskRunOutbox"/>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(CommentPayload))]
[JsonSerializable(typeof(PushPayload))]
[JsonSerializable(typeof(PullRequestPayload))]
[JsonSerializable(typeof(AgentCancelPayload))]
[JsonSerializable(typeof(AgentReplyPayload))]
[JsonSerializable(typeof(AgentFeedbackPayload))]
[JsonSerializable(typeof(AutoTaskRequest))]
internal sealed partial class TaskRunOutboxJsonContext : JsonSerializerContext;
