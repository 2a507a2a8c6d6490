namespace Bob.Webhooks;

/// <summary>
/// Applies a delivery to the domain. Must be idempotent: a delivery can be processed again after a crash, a lost lease or a
/// replay, and Gitea gives a manual redelivery a new id. Throwing <see cref="InvalidWebhookPayloadException"/> dead-letters the
/// delivery at once (its payload will never be valid); any other exception is a fault (ours, or an outage) and schedules a retry.
/// </summary>
public interface IWebhookProcessor
{
    /// <summary>
    /// Whether deliveries of this source and event type need processing. Receivers store the others already processed and
    /// answer 202, so events the host does not handle (a ping, an issue comment) cost no worker time.
    /// </summary>
    bool Handles(WebhookSource source, string eventType);

    /// <summary>Processes one delivery. Events it does not handle simply return.</summary>
    /// <exception cref="InvalidWebhookPayloadException">The payload is not of the shape its source documents, or holds values outside their domain.</exception>
    Task ProcessAsync(ClaimedDelivery delivery, CancellationToken cancellationToken = default);
}
