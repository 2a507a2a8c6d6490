namespace Bob.Webhooks;

/// <summary>A stored delivery a worker has claimed for processing, under a lease.</summary>
/// <param name="Id">The <c>webhook_deliveries</c> row.</param>
/// <param name="Source">Who sent it.</param>
/// <param name="EventType">The event header value.</param>
/// <param name="DeliveryId">The source's delivery id.</param>
/// <param name="Payload">The raw JSON body.</param>
/// <param name="Failures">How many earlier attempts failed.</param>
/// <param name="ReceivedAt">When the receiver stored it, when known (for the queue-lag metric).</param>
public sealed record ClaimedDelivery(Guid Id, string Source, string EventType, string? DeliveryId, ReadOnlyMemory<byte> Payload, int Failures, DateTimeOffset? ReceivedAt = null);
