using System.Text.Json;
using Bob.Git.Abstractions;
using Bob.Webhooks;
using Microsoft.Extensions.Logging;

namespace Bob.Tasks;

/// <summary>
/// Performs the rows of the task runs' outbox (<see cref="TaskRunOutbox"/>) under the webhook worker: tracker comments
/// with their <c>Idempotency-Key</c> (Kanbanger unreachable or failing: retried with the worker's backoff; refused: dead-lettered
/// with Kanbanger's reason, replayable by an admin), and pull request changes fired at the session's run.
/// </summary>
public sealed partial class TaskRunOutboxProcessor(
    KanbangerClient kanbanger,
    TaskRunService service,
    PullRequestTaskService pullRequestTasks,
    TaskRunsTelemetry telemetry,
    ILogger<TaskRunOutboxProcessor> logger,
    Bob.Notifications.PushNotifier? push = null) : IWebhookSourceProcessor
{
    /// <inheritdoc />
    public bool Handles(string eventType) => eventType is TaskRunOutbox.CommentEvent or TaskRunOutbox.PullRequestEvent or TaskRunOutbox.PushEvent or TaskRunOutbox.AutoTaskEvent or TaskRunOutbox.AgentCancelEvent;

    /// <inheritdoc />
    public async Task<WebhookProcessingResult> ProcessAsync(ClaimedDelivery delivery, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        using var document = JsonDocument.Parse(delivery.Payload);
        var root = document.RootElement;
        switch (delivery.EventType)
        {
            case TaskRunOutbox.CommentEvent:
                var taskId = root.GetProperty("taskId").GetString()!;
                var key = root.GetProperty("idempotencyKey").GetString()!;
                try
                {
                    var commentId = await kanbanger.AddCommentAsync(taskId, root.GetProperty("body").GetString()!, key, cancellationToken).ConfigureAwait(false);
                    telemetry.CommentSent("sent");
                    LogCommented(logger, taskId, key, commentId);
                    return WebhookProcessingResult.Done;
                }
                catch (Exception ex) when (ex is KanbangerRequestException or HttpRequestException)
                {
                    var result = KanbangerFailure(ex);
                    telemetry.CommentSent(result.Outcome == WebhookProcessingOutcome.Retry ? "retry" : "refused");
                    return result;
                }

            case TaskRunOutbox.PushEvent:
                if (push is null)
                {
                    LogNoPush(logger);
                    return WebhookProcessingResult.Done;
                }

                try
                {
                    var sent = await push.NotifyAsync(
                        root.GetProperty("userId").GetGuid(),
                        new Bob.Notifications.PushNotification(root.GetProperty("title").GetString()!, root.GetProperty("body").GetString()!, new Uri(root.GetProperty("link").GetString()!)),
                        root.GetProperty("dedupeKey").GetString()!,
                        cancellationToken).ConfigureAwait(false);
                    telemetry.PushSent(sent);
                    return WebhookProcessingResult.Done;
                }
                catch (Bob.Notifications.ExpoPushException ex) when (ex.IsTransient)
                {
                    return WebhookProcessingResult.Retry(TextRules.Excerpt(ex.Message, 300));
                }
                catch (Bob.Notifications.ExpoPushException ex)
                {
                    return WebhookProcessingResult.DeadLetter(TextRules.Excerpt(ex.Message, 300));
                }

            case TaskRunOutbox.AgentCancelEvent:
                await service.AgentCancelledAsync(
                    root.GetProperty("runId").GetGuid(),
                    root.TryGetProperty("sessionId", out var cancelled) && cancelled.ValueKind == JsonValueKind.String ? cancelled.GetGuid() : null,
                    cancellationToken).ConfigureAwait(false);
                return WebhookProcessingResult.Done;

            case TaskRunOutbox.AutoTaskEvent:
                try
                {
                    await pullRequestTasks.ConsiderAsync(
                        new AutoTaskRequest(
                            root.GetProperty("sessionId").GetGuid(),
                            root.GetProperty("pullRequestId").GetGuid(),
                            root.GetProperty("userId").GetGuid(),
                            root.GetProperty("repository").GetString()!,
                            root.GetProperty("branch").GetString()!,
                            root.GetProperty("title").GetString()!,
                            root.TryGetProperty("body", out var body) && body.ValueKind == JsonValueKind.String ? body.GetString() : null,
                            root.GetProperty("url").GetString()!),
                        cancellationToken).ConfigureAwait(false);
                    return WebhookProcessingResult.Done;
                }
                catch (Exception ex) when (ex is KanbangerRequestException or HttpRequestException)
                {
                    return KanbangerFailure(ex);
                }

            case TaskRunOutbox.PullRequestEvent:
                await service.PullRequestChangedAsync(
                    root.GetProperty("sessionId").GetGuid(), root.GetProperty("pullRequestId").GetGuid(), root.GetProperty("status").GetString()!, cancellationToken).ConfigureAwait(false);
                return WebhookProcessingResult.Done;

            default:
                return WebhookProcessingResult.Done;
        }
    }

    /// <summary>A failed Kanbanger call: unreachable, 5xx or transient (<see cref="KanbangerRequestException.IsTransient"/>) retries with the worker's backoff; a refusal is dead-lettered with Kanbanger's reason.</summary>
    private static WebhookProcessingResult KanbangerFailure(Exception ex) =>
        ex is KanbangerRequestException { IsTransient: false }
            ? WebhookProcessingResult.DeadLetter(TextRules.Excerpt(ex.Message, 300))
            : WebhookProcessingResult.Retry(TextRules.Excerpt(ex.Message, 300));

    [LoggerMessage(Level = LogLevel.Debug, Message = "A task run's push notification is skipped: the host registered no push notifier (AddExpoPush)")]
    private static partial void LogNoPush(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Kanbanger task {TaskId} got comment {CommentId} (Idempotency-Key {Key})")]
    private static partial void LogCommented(ILogger logger, string taskId, string key, string commentId);
}
