namespace Bob.Webhooks;

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
