using System.Text.Json;
using Bob.Git.Abstractions;
using Bob.Webhooks;
using Microsoft.Extensions.Logging;

namespace Bob.Tasks;

/// <summary>
/// Processes Kanbanger's deliveries (SPEC §5). <c>comment.created</c> on a task with a run: the reply is stored in the run's
/// session (a <c>reply.received</c> event) and, when the run is blocked, resumes it (<see cref="TaskRunTrigger.Replied"/>);
/// on a run that is not blocked it is recorded without a transition. A comment on a task without a run is done with. A
/// body that is not the documented shape is dead-lettered with the reason. (<c>task.assigned</c> is not processed yet.)
/// </summary>
public sealed partial class KanbangerWebhookProcessor(ITaskRunStore runs, ISessionEventStream events, ILogger<KanbangerWebhookProcessor> logger) : IWebhookSourceProcessor
{
    /// <inheritdoc />
    public bool Handles(string eventType) => eventType == "comment.created";

    /// <inheritdoc />
    public async Task<WebhookProcessingResult> ProcessAsync(ClaimedDelivery delivery, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        if (delivery.EventType != "comment.created")
        {
            return WebhookProcessingResult.Done;
        }

        string workspace, taskId, commentId, body, author;
        try
        {
            using var document = JsonDocument.Parse(delivery.Payload);
            var root = document.RootElement;
            workspace = Text(root, "workspaceId");
            taskId = Text(root.GetProperty("task"), "id");
            var comment = root.GetProperty("comment");
            commentId = Text(comment, "id");
            body = Text(comment, "body");
            author = comment.TryGetProperty("author", out var a) && a.ValueKind == JsonValueKind.Object && a.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : "";
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return WebhookProcessingResult.DeadLetter($"Not a comment.created body as SPEC §5 documents it: {TextRules.Excerpt(ex.Message, 200)}");
        }

        var run = await runs.FindByTaskAsync(workspace, taskId, cancellationToken).ConfigureAwait(false);
        if (run is null)
        {
            LogNoRun(logger, workspace, taskId);
            return WebhookProcessingResult.Done;
        }

        if (run.SessionId is { } session)
        {
            // The comment id is in the payload, so a redelivery that is processed again shows as the same reply.
            var reply = new System.Text.Json.Nodes.JsonObject { ["commentId"] = commentId, ["author"] = author, ["body"] = body, ["source"] = "kanbanger" };
            using var payloadDocument = JsonDocument.Parse(reply.ToJsonString());
            var payload = payloadDocument.RootElement.Clone();
            await events.AppendAsync(session, "reply.received", payload, cancellationToken).ConfigureAwait(false);
        }

        if (run.Status == TaskRunStatus.Blocked)
        {
            await runs.FireAsync(run.Id, TaskRunTrigger.Replied, TextRules.Excerpt(body, 500), cancellationToken).ConfigureAwait(false);
        }

        return WebhookProcessingResult.Done;
    }

    private static string Text(JsonElement element, string name)
    {
        var value = element.GetProperty(name);
        return value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 and <= 10_000 } text && !TextRules.HasControlCharacters(text.Replace('\n', ' ').Replace('\r', ' ').Replace('\t', ' '))
            ? text
            : throw new FormatException($"'{name}' must be a non-empty string.");
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Kanbanger comment on {Workspace}/{TaskId}, which has no task run; nothing to do")]
    private static partial void LogNoRun(ILogger logger, string workspace, string taskId);
}
