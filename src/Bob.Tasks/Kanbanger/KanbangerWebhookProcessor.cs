using System.Text.Json;
using Bob.Git.Abstractions;
using Bob.Webhooks;
using Microsoft.Extensions.Logging;

namespace Bob.Tasks;

/// <summary>
/// Processes Kanbanger's deliveries (SPEC §5).
/// <list type="bullet">
/// <item><c>task.assigned</c>: the task's run is created (once per task) and prepared by <see cref="TaskRunService.AssignAsync"/>.</item>
/// <item><c>comment.created</c> on a task with a run: the reply is stored in the run's session (a <c>reply.received</c>
/// event) and handed to the agent through the task runs' outbox in the same transaction (<see cref="TaskRunOutbox.AgentReplyEvent"/>),
/// which resumes a blocked run; once per comment id, however often Kanbanger delivers it. A comment on a task without a run is done with.</item>
/// </list>
/// A body that is not the documented shape is dead-lettered with the reason; an unreachable provider or remote retries.
/// </summary>
public sealed partial class KanbangerWebhookProcessor(ITaskRunStore runs, ISessionEventStream events, TaskRunService service, ILogger<KanbangerWebhookProcessor> logger) : IWebhookSourceProcessor
{
    /// <summary>The events processed.</summary>
    public const string TaskAssigned = "task.assigned", CommentCreated = "comment.created";

    /// <inheritdoc />
    public bool Handles(string eventType) => eventType is TaskAssigned or CommentCreated;

    /// <inheritdoc />
    public async Task<WebhookProcessingResult> ProcessAsync(ClaimedDelivery delivery, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        // A run whose preparation must wait (TaskRunPreparationDelayedException, transient) leaves here: the worker retries it.
        return delivery.EventType switch
        {
            TaskAssigned => await AssignedAsync(delivery, cancellationToken).ConfigureAwait(false),
            CommentCreated => await CommentAsync(delivery, cancellationToken).ConfigureAwait(false),
            _ => WebhookProcessingResult.Done,
        };
    }

    /// <summary>Reads the body; <see langword="null"/> and the dead-letter reason when it is not SPEC §5's shape.</summary>
    private static T? Read<T>(ClaimedDelivery delivery, Func<JsonElement, T> read, out WebhookProcessingResult? refusal)
        where T : class
    {
        refusal = null;
        try
        {
            using var document = JsonDocument.Parse(delivery.Payload);
            return read(document.RootElement);
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            refusal = WebhookProcessingResult.DeadLetter($"Not a {delivery.EventType} body as SPEC §5 documents it: {TextRules.Excerpt(ex.Message, 200)}");
            return null;
        }
    }

    private async Task<WebhookProcessingResult> AssignedAsync(ClaimedDelivery delivery, CancellationToken cancellationToken)
    {
        var assignment = Read(delivery, root =>
        {
            var task = Object(root, "task");
            var repository = Object(root, "repository");
            return new TaskAssignment(
                Text(root, "workspaceId"),
                Text(task, "id"),
                Text(task, "identifier"),
                OptionalText(task, "title"),
                OptionalText(task, "description"),
                TextRules.HttpLinkOrNull(OptionalText(task, "url")), // only an http(s) link is kept
                Text(Object(root, "assignee"), "userId"),
                Text(repository, "remoteUrl"),
                OptionalText(repository, "baseBranch"));
        }, out var refusal);
        if (assignment is null)
        {
            return refusal!;
        }

        var run = await service.AssignAsync(assignment, cancellationToken).ConfigureAwait(false);
        LogAssignment(logger, delivery.Id, run.Id, run.Status.ToWireName());
        return WebhookProcessingResult.Done;
    }

    private async Task<WebhookProcessingResult> CommentAsync(ClaimedDelivery delivery, CancellationToken cancellationToken)
    {
        var parsed = Read(delivery, root =>
        {
            var comment = Object(root, "comment");
            var author = comment.TryGetProperty("author", out var a) && a.ValueKind == JsonValueKind.Object && a.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : "";
            return new KanbangerComment(Text(root, "workspaceId"), Text(Object(root, "task"), "id"), Text(comment, "id"), Text(comment, "body"), author);
        }, out var refusal);
        if (parsed is null)
        {
            return refusal!;
        }

        var (workspace, taskId, commentId, body, author) = parsed;

        var run = await runs.FindByTaskAsync(workspace, taskId, cancellationToken).ConfigureAwait(false);
        if (run is null)
        {
            LogNoRun(logger, workspace, taskId);
            return WebhookProcessingResult.Done;
        }

        if (run.SessionId is { } session)
        {
            // Once per comment: the reply's event and its hand-over to the agent (an outbox row) are written together, and a
            // redelivery (Kanbanger retries under a new delivery id) writes neither again.
            var payload = SessionEventPayloads.ToElement(new ReplyReceivedEvent(author, body, "kanbanger") { CommentId = commentId });
            IReadOnlyList<OutboxMessage> handOver = TaskRunStateMachine.IsTerminal(run.Status) ? [] : [TaskRunOutbox.AgentReply(run.Id, session, commentId, author, body)];
            await events.AppendOnceWithEffectsAsync(session, SessionEventKinds.ReplyReceived, $"reply:kanbanger:{commentId}", payload, handOver, cancellationToken).ConfigureAwait(false);
        }

        return WebhookProcessingResult.Done;
    }

    /// <summary>What a <c>comment.created</c> body says (SPEC §5).</summary>
    private sealed record KanbangerComment(string WorkspaceId, string TaskId, string CommentId, string Body, string Author);

    private static JsonElement Object(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object
            ? value
            : throw new FormatException($"'{name}' must be an object.");

    private static string Text(JsonElement element, string name) =>
        OptionalText(element, name) ?? throw new FormatException($"'{name}' must be a non-empty string.");

    private static string? OptionalText(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 and <= 10_000 } text && !TextRules.HasControlCharactersInFreeText(text)
            ? text
            : throw new FormatException($"'{name}' must be a non-empty string of at most 10000 characters without control characters.");
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Kanbanger comment on {Workspace}/{TaskId}, which has no task run; nothing to do")]
    private static partial void LogNoRun(ILogger logger, string workspace, string taskId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Kanbanger assignment {DeliveryRowId}: task run {RunId} is {Status}")]
    private static partial void LogAssignment(ILogger logger, Guid deliveryRowId, Guid runId, string status);
}
