using Bob.Webhooks;

namespace Bob.Tasks;

/// <summary>
/// Kanbanger's webhook source (SPEC §5), registered by <c>AddBobTaskRuns()</c>: routed at <c>/api/webhooks/kanbanger</c>,
/// secrets at <c>Webhooks:Kanbanger:Secret</c> and <c>PreviousSecret</c> (the named <see cref="WebhookSecrets"/>
/// <c>kanbanger</c>). Event <c>X-Kanbanger-Event</c>, delivery <c>X-Kanbanger-Delivery</c>, signature
/// <c>X-Kanbanger-Signature</c> over <c>{X-Kanbanger-Timestamp}.{body}</c>. <c>task.assigned</c> and <c>comment.created</c> are
/// processed by <see cref="KanbangerWebhookProcessor"/> when the host registered task runs (<c>AddBobTaskRuns()</c>);
/// otherwise they are only stored.
/// </summary>
public static class KanbangerWebhookSource
{
    /// <summary>The source's wire name: <c>kanbanger</c>.</summary>
    public const string Name = "kanbanger";

    /// <summary>The definition.</summary>
    public static WebhookSourceDefinition Definition { get; } = new(
        Name,
        "Kanbanger",
        ["X-Kanbanger-Event"],
        ["X-Kanbanger-Delivery"],
        (secrets, time) => new KanbangerSignatureVerifier(secrets, time))
    {
        CreateProcessor = services => (KanbangerWebhookProcessor)services.GetService(typeof(KanbangerWebhookProcessor))!,
    };
}
