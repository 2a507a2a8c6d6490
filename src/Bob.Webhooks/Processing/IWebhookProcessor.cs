namespace Bob.Webhooks;

/// <summary>
/// Applies a delivery to the domain. Must be idempotent: a delivery can be processed again after a crash, a lost lease or a
/// replay, and Gitea gives a manual redelivery a new id. Throwing schedules a retry.
/// </summary>
public interface IWebhookProcessor
{
    /// <summary>Processes one delivery. Events it does not handle simply return.</summary>
    Task ProcessAsync(ClaimedDelivery delivery, CancellationToken cancellationToken = default);
}
