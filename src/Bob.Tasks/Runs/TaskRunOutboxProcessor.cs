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
    ISessionEventStream? events = null) : IWebhookSourceProcessor
{
    /// <inheritdoc />
    public bool Handles(string eventType) => eventType is TaskRunOutbox.CommentEvent or TaskRunOutbox.PullRequestEvent or TaskRunOutbox.PushEvent or TaskRunOutbox.AutoTaskEvent or TaskRunOutbox.AgentCancelEvent or TaskRunOutbox.AgentReplyEvent or TaskRunOutbox.AgentFeedbackEvent or TaskRunOutbox.ChangesRequestedEvent or TaskRunOutbox.ChecksFailedEvent or TaskRunOutbox.ChecksPassedEvent;

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
                return await service.FollowingAsync(green, cancellationToken).ConfigureAwait(false) is { } fixedRun && await WasRedAsync(green, cancellationToken).ConfigureAwait(false)
                    ? await CommentAsync(fixedRun.TaskId, green.Body, TaskRunOutbox.ChangesRequestedKey(fixedRun.Id, green.FeedbackId + ":green"), cancellationToken).ConfigureAwait(false)
                    : WebhookProcessingResult.Done;

            case TaskRunOutbox.AutoTaskEvent:
                await pullRequestTasks.ConsiderAsync(delivery.ReadPayload(TaskRunOutbox.Json.AutoTaskRequest), cancellationToken).ConfigureAwait(false);
                return WebhookProcessingResult.Done;

            case TaskRunOutbox.PullRequestEvent:
                var change = delivery.ReadPayload(TaskRunOutbox.Json.PullRequestPayload);
                if (await runs.FindBySessionAsync(change.SessionId, cancellationToken).ConfigureAwait(false) is not null)
                {
                    await service.PullRequestChangedAsync(change.SessionId, change.PullRequestId, change.Status, cancellationToken).ConfigureAwait(false);
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

    /// <summary>Whether the session heard that this pull request's checks failed on some head.</summary>
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

            if (page.Any(e => e.Kind == SessionEventKinds.ChecksUpdated && e.Payload.GetProperty("state").GetString() == "failure" && e.Payload.GetProperty("pullRequestId").GetString() == pullRequest))
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Kanbanger task {TaskId} got comment {CommentId} (Idempotency-Key {Key})")]
    private static partial void LogCommented(ILogger logger, string taskId, string key, string commentId);
}
