using Bob.Webhooks;

namespace Bob.Tasks;

/// <summary>
/// Kanbanger's webhook source (SPEC §5), registered by <c>AddKanbangerWebhooks()</c>: routed at <c>/api/webhooks/kanbanger</c>,
/// secrets at <c>Webhooks:Kanbanger:Secret</c> and <c>PreviousSecret</c> (the named <see cref="WebhookSecrets"/>
/// <c>kanbanger</c>). Event <c>X-Kanbanger-Event</c>, delivery <c>X-Kanbanger-Delivery</c>, signature
/// <c>X-Kanbanger-Signature</c> over <c>{X-Kanbanger-Timestamp}.{body}</c>. <c>comment.created</c> is processed by
/// <see cref="KanbangerWebhookProcessor"/> when the host has a task-run store and a session event stream.
/// </summary>
public static class KanbangerWebhookSource
{
    /// <summary>The source's wire name: <c>kanbanger</c>.</summary>
    public const string Name = "kanbanger";

    /// <summary>The definition.</summary>
    public static WebhookSourceDefinition Definition { get; } = new(
        Name,
        "Kanbanger",
        [WebhookHeaders.KanbangerEvent],
        [WebhookHeaders.KanbangerDelivery],
        (secrets, time) => new KanbangerSignatureVerifier(secrets, time))
    {
        CreateProcessor = services => services.GetService(typeof(ITaskRunStore)) is ITaskRunStore runs && services.GetService(typeof(Bob.Git.Abstractions.ISessionEventStream)) is Bob.Git.Abstractions.ISessionEventStream events
            ? new KanbangerWebhookProcessor(runs, events, (Microsoft.Extensions.Logging.ILogger<KanbangerWebhookProcessor>)services.GetService(typeof(Microsoft.Extensions.Logging.ILogger<KanbangerWebhookProcessor>))!)
            : null!,
    };
}
