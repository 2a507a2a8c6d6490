namespace Bob.Webhooks;

/// <summary>What operators see and do with stored deliveries: list them by status and replay one.</summary>
public interface IWebhookDeliveryAdmin
{
    /// <summary>Lists deliveries in <paramref name="status"/> (<c>pending</c>, <c>processed</c>, <c>failed</c>), newest first, without payloads.</summary>
    Task<IReadOnlyList<WebhookDeliverySummary>> ListAsync(string status, int limit, CancellationToken cancellationToken = default);

    /// <summary>Makes a failed or processed delivery pending again, due now, with its retry count reset. Returns whether it existed.</summary>
    Task<bool> ReplayAsync(Guid id, CancellationToken cancellationToken = default);
}

/// <summary>A stored delivery as operators see it.</summary>
/// <param name="Id">The row.</param>
/// <param name="Provider">The source's wire name.</param>
/// <param name="DeliveryId">The source's delivery id.</param>
/// <param name="EventType">The event.</param>
/// <param name="Action">The payload's action, if any.</param>
/// <param name="Status"><c>pending</c>, <c>processed</c> or <c>failed</c>.</param>
/// <param name="RetryCount">Failed attempts so far.</param>
/// <param name="ErrorMessage">The last failure.</param>
/// <param name="NextRetryAt">When it will be tried again.</param>
/// <param name="ReceivedAt">When it arrived.</param>
public sealed record WebhookDeliverySummary(
    Guid Id, string Provider, string? DeliveryId, string EventType, string? Action, string Status, int RetryCount,
    string? ErrorMessage, DateTimeOffset? NextRetryAt, DateTimeOffset ReceivedAt);
