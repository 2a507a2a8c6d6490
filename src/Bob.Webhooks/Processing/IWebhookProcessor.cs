namespace Bob.Webhooks;

/// <summary>
/// Applies a delivery to the domain (the default, <see cref="WebhookProcessor"/>, hands it to its source's processor). Must be idempotent: a delivery can be processed again after a crash, a lost lease or a
/// replay, and Gitea gives a manual redelivery a new id. It says what became of a delivery with a
/// <see cref="WebhookProcessingResult"/>: done, retry (optionally after a time), or dead-letter with the reason. An exception
/// is a fault of ours: retried on the schedule and logged as an error, never read as bad input.
/// </summary>
public interface IWebhookProcessor
{
    /// <summary>
    /// Whether deliveries of this source and event type need processing. Receivers store the others already processed and
    /// answer 202, so events the host does not handle (a ping, an issue comment) cost no worker time.
    /// </summary>
    bool Handles(string source, string eventType);

    /// <summary>Processes one delivery; events it does not handle are <see cref="WebhookProcessingResult.Done"/>.</summary>
    Task<WebhookProcessingResult> ProcessAsync(ClaimedDelivery delivery, CancellationToken cancellationToken = default);
}
