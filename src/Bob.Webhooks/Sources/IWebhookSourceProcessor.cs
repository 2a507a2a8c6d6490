namespace Bob.Webhooks;

/// <summary>
/// Applies one source's deliveries to the domain (see <see cref="WebhookSourceDefinition.CreateProcessor"/>). Must be
/// idempotent: a delivery can be processed again after a crash, a lost lease or a replay. It says what became of a delivery
/// with a <see cref="WebhookProcessingResult"/>; an exception is a fault of ours, retried and logged as an error.
/// </summary>
public interface IWebhookSourceProcessor
{
    /// <summary>Whether deliveries of this event type need processing; the others are stored already processed.</summary>
    bool Handles(string eventType);

    /// <summary>Processes one delivery; events it does not handle are <see cref="WebhookProcessingResult.Done"/>.</summary>
    Task<WebhookProcessingResult> ProcessAsync(ClaimedDelivery delivery, CancellationToken cancellationToken = default);
}
