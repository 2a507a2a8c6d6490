using Bob.Git.Abstractions;
using Bob.Webhooks;
using Microsoft.Extensions.Logging;

namespace Bob.Tasks;

/// <summary>
/// Performs the rows of the task runs' outbox (<see cref="TaskRunOutbox"/>) under the webhook worker: tracker comments
/// with their <c>Idempotency-Key</c>, pushes, automatic tasks, agent hand-overs, and pull request changes fired at the session's
/// run. A failed call (Kanbanger, Expo, a provider) is a <see cref="BobException"/> the worker retries or dead-letters by
/// <see cref="BobException.IsTransient"/> alone: unreachable or failing is retried with its backoff, a refusal dead-lettered
/// with the reason (replayable by an admin).
/// </summary>
public sealed partial class TaskRunOutboxProcessor(
    KanbangerClient kanbanger,
    TaskRunService service,
    ITaskRunStore runs,
    IPullRequestStore pullRequests,
    PullRequestTaskService pullRequestTasks,
    TaskRunsTelemetry telemetry,
    ILogger<TaskRunOutboxProcessor> logger,
    ISessionNotifier? push = null,
    ISessionEventStream? events = null,
    ICheckStore? checks = null,
    Microsoft.Extensions.Options.IOptions<TaskRunOptions>? options = null) : IWebhookSourceProcessor
{
    private readonly TimeSpan _settle = TimeSpan.FromSeconds(options?.Value.GreenSettleSeconds ?? 30);

    /// <inheritdoc />
    public bool Handles(string eventType) => eventType is TaskRunOutbox.CommentEvent or TaskRunOutbox.PullRequestEvent or TaskRunOutbox.PushEvent or TaskRunOutbox.AutoTaskEvent or TaskRunOutbox.AgentCancelEvent or TaskRunOutbox.AgentReplyEvent or TaskRunOutbox.AgentFeedbackEvent or TaskRunOutbox.ChangesRequestedEvent or TaskRunOutbox.ChecksFailedEvent or TaskRunOutbox.ChecksPassedEvent or TaskRunOutbox.ReadyPushEvent;

    /// <inheritdoc />
    public async Task<WebhookProcessingResult> ProcessAsync(ClaimedDelivery delivery, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        switch (delivery.EventType)
        {
            case TaskRunOutbox.CommentEvent:
                var comment = delivery.ReadPayload(TaskRunOutbox.Json.CommentPayload);
                return await CommentAsync(comment.TaskId, comment.Body, comment.IdempotencyKey, cancellationToken).ConfigureAwait(false);

            case TaskRunOutbox.PushEvent:
                if (push is null)
                {
                    LogNoPush(logger);
                    return WebhookProcessingResult.Done;
                }

                var notification = delivery.ReadPayload(TaskRunOutbox.Json.PushPayload);
                if (notification.Session is not { } sessionId)
                {
                    return WebhookProcessingResult.DeadLetter("The push names no session.");
                }

                if (notification.UnlessRed && await HeadOfAsync(notification.RunId, cancellationToken).ConfigureAwait(false) is { State: CheckState.Failure })
                {
                    LogNotReadyWhileRed(logger, notification.RunId);
                    return WebhookProcessingResult.Done;
                }

                var sent = await push.NotifyAsync(notification.UserId, sessionId, notification.Title, notification.Body, notification.DedupeKey, cancellationToken).ConfigureAwait(false);
                telemetry.PushSent(sent);
                return WebhookProcessingResult.Done;

            case TaskRunOutbox.AgentCancelEvent:
                var cancel = delivery.ReadPayload(TaskRunOutbox.Json.AgentCancelPayload);
                await service.AgentCancelledAsync(cancel.RunId, cancel.SessionId, cancellationToken).ConfigureAwait(false);
                return WebhookProcessingResult.Done;

            case TaskRunOutbox.AgentReplyEvent:
                var reply = delivery.ReadPayload(TaskRunOutbox.Json.AgentReplyPayload);
                await service.HandOverReplyAsync(reply.RunId, reply.SessionId, reply.CommentId, reply.Author, reply.Body, cancellationToken).ConfigureAwait(false);
                return WebhookProcessingResult.Done;

            case TaskRunOutbox.AgentFeedbackEvent:
                await service.HandOverFeedbackAsync(delivery.ReadPayload(TaskRunOutbox.Json.AgentFeedbackPayload), cancellationToken).ConfigureAwait(false);
                return WebhookProcessingResult.Done;

            case TaskRunOutbox.ChangesRequestedEvent:
                var review = delivery.ReadPayload(TaskRunOutbox.Json.AgentFeedbackPayload);
                if (await service.FollowingAsync(review, cancellationToken).ConfigureAwait(false) is not { } run)
                {
                    return WebhookProcessingResult.Done;
                }

                var body = $"Changes requested by @{review.Author}: {TextRules.Excerpt(review.Body, 2000)}".TrimEnd(' ', ':') + (review.Url.Length > 0 ? $"\n{review.Url}" : "");
                return await CommentAsync(run.TaskId, body, TaskRunOutbox.ChangesRequestedKey(run.Id, review.FeedbackId), cancellationToken).ConfigureAwait(false);

            case TaskRunOutbox.ChecksFailedEvent:
                var red = delivery.ReadPayload(TaskRunOutbox.Json.AgentFeedbackPayload);
                return await service.FollowingAsync(red, cancellationToken).ConfigureAwait(false) is { } followed
                    ? await CommentAsync(followed.TaskId, TextRules.Excerpt(red.Body, 4000), TaskRunOutbox.ChangesRequestedKey(followed.Id, red.FeedbackId), cancellationToken).ConfigureAwait(false)
                    : WebhookProcessingResult.Done;

            case TaskRunOutbox.ChecksPassedEvent:
                var green = delivery.ReadPayload(TaskRunOutbox.Json.AgentFeedbackPayload);
                // Only a fix (the pull request was red on another head) has anything to say, and only then waits to settle.
                if (await service.FollowingAsync(green, cancellationToken).ConfigureAwait(false) is not { } fixedRun || !await WasRedAsync(green, cancellationToken).ConfigureAwait(false))
                {
                    return WebhookProcessingResult.Done;
                }

                if (await SettlingAsync(delivery, fixedRun, green, cancellationToken).ConfigureAwait(false) is { } settling)
                {
                    return settling;
                }

                return await HeadStateAsync(fixedRun, green, cancellationToken).ConfigureAwait(false) is CheckState.Success or null
                    ? await CommentAsync(fixedRun.TaskId, green.Body, TaskRunOutbox.ChangesRequestedKey(fixedRun.Id, green.FeedbackId + ":green"), cancellationToken).ConfigureAwait(false)
                    : WebhookProcessingResult.Done;

            case TaskRunOutbox.ReadyPushEvent:
                var ready = delivery.ReadPayload(TaskRunOutbox.Json.AgentFeedbackPayload);
                // Only a pull request ready for review is pushed, and only then waits to settle; run and pull request are read once.
                if (await service.FollowingAsync(ready, cancellationToken).ConfigureAwait(false) is not { UserId: { } readyUser } readyRun
                    || await pullRequests.GetAsync(readyUser, ready.PullRequestId, cancellationToken).ConfigureAwait(false) is not { Status: PullRequestStatus.Open } readyPullRequest)
                {
                    return WebhookProcessingResult.Done;
                }

                if (await SettlingAsync(delivery, readyRun, ready, cancellationToken).ConfigureAwait(false) is { } waiting)
                {
                    return waiting;
                }

                await PushReadyAsync(readyRun, readyPullRequest, ready.SessionId, ready.FeedbackId.StartsWith("ci:", StringComparison.Ordinal) ? ready.FeedbackId[3..] : null, cancellationToken).ConfigureAwait(false);
                return WebhookProcessingResult.Done;

            case TaskRunOutbox.AutoTaskEvent:
                await pullRequestTasks.ConsiderAsync(delivery.ReadPayload(TaskRunOutbox.Json.AutoTaskRequest), cancellationToken).ConfigureAwait(false);
                return WebhookProcessingResult.Done;

            case TaskRunOutbox.PullRequestEvent:
                var change = delivery.ReadPayload(TaskRunOutbox.Json.PullRequestPayload);
                if (await runs.FindBySessionAsync(change.SessionId, cancellationToken).ConfigureAwait(false) is not null)
                {
                    await service.PullRequestChangedAsync(change.SessionId, change.PullRequestId, change.Status, cancellationToken).ConfigureAwait(false);
                    if (change.Status == PullRequestChangeRules.Ready)
                    {
                        if (await runs.FindBySessionAsync(change.SessionId, cancellationToken).ConfigureAwait(false) is { UserId: { } readyOwner } owner
                            && !TaskRunStateMachine.IsTerminal(owner.Status) && (owner.PullRequestId ?? change.PullRequestId) == change.PullRequestId
                            && await pullRequests.GetAsync(readyOwner, change.PullRequestId, cancellationToken).ConfigureAwait(false) is { } markedReady)
                        {
                            await PushReadyAsync(owner, markedReady, change.SessionId, null, cancellationToken).ConfigureAwait(false);
                        }
                    }

                    return WebhookProcessingResult.Done;
                }

                // A session without a task run: its newly linked pull request, when no task is linked to it yet, is weighed
                // for an automatic task (plan 5.3), once per pull request.
                if (change is { Status: "linked", UserId: { } user }
                    && await pullRequests.GetAsync(user, change.PullRequestId, cancellationToken).ConfigureAwait(false) is { KanbangerTaskId: null } pullRequest)
                {
                    await pullRequestTasks.ConsiderAsync(
                        new AutoTaskRequest(change.SessionId, pullRequest.Id, user, pullRequest.Remote.FullName, pullRequest.HeadBranch, pullRequest.Title, pullRequest.Body, pullRequest.Url),
                        cancellationToken).ConfigureAwait(false);
                }

                return WebhookProcessingResult.Done;

            default:
                return WebhookProcessingResult.Done;
        }
    }

    /// <summary>
    /// Pushes "pull request ready" to <paramref name="run"/>'s user (the session's live run, following
    /// <paramref name="pullRequest"/>) when the pull request is ready for review (not a draft) and its head
    /// (<paramref name="headSha"/>, when given, must still be it) is green; once per run and head, whichever of the two came last.
    /// </summary>
    private async Task PushReadyAsync(TaskRun run, PullRequest pullRequest, Guid sessionId, string? headSha, CancellationToken cancellationToken)
    {
        if (push is null || checks is null || run.UserId is not { } user
            || pullRequest is not { Status: PullRequestStatus.Open, HeadSha: { } head } || (headSha is not null && headSha != head))
        {
            return;
        }

        var (state, _) = CheckHeadState.Of(await checks.ListAsync(pullRequest.Remote, head, cancellationToken).ConfigureAwait(false));
        if (state != CheckState.Success)
        {
            return;
        }

        var sent = await push.NotifyAsync(
            user, sessionId, $"{run.TaskIdentifier}: pull request ready", $"All checks pass on {head[..Math.Min(7, head.Length)]}: {pullRequest.Url}",
            TaskRunOutbox.ReadyPushKey(run.Id, head), cancellationToken).ConfigureAwait(false);
        telemetry.PushSent(sent);
    }

    /// <summary>The rolled-up checks of the head of <paramref name="runId"/>'s pull request, or <see langword="null"/> when unknown.</summary>
    private async Task<CheckHeadState?> HeadOfAsync(Guid runId, CancellationToken cancellationToken)
    {
        if (checks is null
            || await runs.FindAsync(runId, cancellationToken).ConfigureAwait(false) is not { UserId: { } user, PullRequestId: { } pullRequestId }
            || await pullRequests.GetAsync(user, pullRequestId, cancellationToken).ConfigureAwait(false) is not { HeadSha: { } head } pullRequest)
        {
            return null;
        }

        var (state, failing) = CheckHeadState.Of(await checks.ListAsync(pullRequest.Remote, head, cancellationToken).ConfigureAwait(false));
        return new CheckHeadState(head, state, failing, Changed: false);
    }

    /// <summary>
    /// Whether a green row waits: on its first attempt for <see cref="TaskRunOptions.GreenSettleSeconds"/>, and on the retry
    /// schedule while its head is pending again. A head is green for a moment when its first checks pass before the others
    /// are created (Renovate's rule); it is called green only once it stays so.
    /// </summary>
    private async Task<WebhookProcessingResult?> SettlingAsync(ClaimedDelivery delivery, TaskRun run, AgentFeedbackPayload green, CancellationToken cancellationToken)
    {
        if (delivery.Failures == 0 && _settle > TimeSpan.Zero)
        {
            return WebhookProcessingResult.Retry("A green head settles before it is called green.", _settle);
        }

        return await HeadStateAsync(run, green, cancellationToken).ConfigureAwait(false) == CheckState.Pending
            ? WebhookProcessingResult.Retry("The head's checks run again; it is called green when they pass.")
            : null;
    }

    /// <summary>The state of <paramref name="green"/>'s head now, or <see langword="null"/> when there is nothing to ask (no check store).</summary>
    private async Task<CheckState?> HeadStateAsync(TaskRun run, AgentFeedbackPayload green, CancellationToken cancellationToken)
    {
        if (checks is null || run.UserId is not { } user
            || await pullRequests.GetAsync(user, green.PullRequestId, cancellationToken).ConfigureAwait(false) is not { } pullRequest)
        {
            return null;
        }

        var head = green.FeedbackId.StartsWith("ci:", StringComparison.Ordinal) ? green.FeedbackId[3..] : green.FeedbackId;
        return CheckHeadState.Of(await checks.ListAsync(pullRequest.Remote, head, cancellationToken).ConfigureAwait(false)).State;
    }

    /// <summary>Whether the session heard that this pull request's checks failed on another head (so this green one is a fix).</summary>
    private async Task<bool> WasRedAsync(AgentFeedbackPayload green, CancellationToken cancellationToken)
    {
        if (events is null)
        {
            return false;
        }

        var pullRequest = green.PullRequestId.ToString();
        for (long after = 0; ;)
        {
            var page = await events.ReadAfterAsync(green.SessionId, after, 500, cancellationToken).ConfigureAwait(false);
            if (page.Count == 0)
            {
                return false;
            }

            if (page.Any(e => e.Kind == SessionEventKinds.ChecksUpdated && e.Payload.GetProperty("state").GetString() == "failure" && e.Payload.GetProperty("pullRequestId").GetString() == pullRequest
                && $"ci:{e.Payload.GetProperty("headSha").GetString()}" != green.FeedbackId))
            {
                return true;
            }

            after = page[^1].Sequence;
        }
    }

    private async Task<WebhookProcessingResult> CommentAsync(string taskId, string body, string idempotencyKey, CancellationToken cancellationToken)
    {
        try
        {
            var commentId = await kanbanger.AddCommentAsync(taskId, body, idempotencyKey, cancellationToken).ConfigureAwait(false);
            telemetry.CommentSent("sent");
            LogCommented(logger, taskId, idempotencyKey, commentId);
            return WebhookProcessingResult.Done;
        }
        catch (KanbangerRequestException ex)
        {
            telemetry.CommentSent(ex.IsTransient ? "retry" : "refused");
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "A task run's push notification is skipped: the host registered no push notifier (AddBobNotifications)")]
    private static partial void LogNoPush(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task run {RunId}'s pull request push is not sent: its head's checks are red")]
    private static partial void LogNotReadyWhileRed(ILogger logger, Guid runId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Kanbanger task {TaskId} got comment {CommentId} (Idempotency-Key {Key})")]
    private static partial void LogCommented(ILogger logger, string taskId, string key, string commentId);
}
