namespace Bob.Webhooks;

/// <summary>A stored delivery a worker has claimed for processing, under a lease.</summary>
/// <param name="Id">The <c>webhook_deliveries</c> row.</param>
/// <param name="Source">Who sent it.</param>
/// <param name="EventType">The event header value.</param>
/// <param name="DeliveryId">The source's delivery id.</param>
/// <param name="Payload">The raw JSON body.</param>
/// <param name="Failures">How many earlier attempts failed.</param>
/// <param name="ReceivedAt">When the receiver stored it, when known (for the queue-lag metric).</param>
public sealed record ClaimedDelivery(Guid Id, string Source, string EventType, string? DeliveryId, ReadOnlyMemory<byte> Payload, int Failures, DateTimeOffset? ReceivedAt = null)
{
    /// <summary>The payload read with <paramref name="type"/> (an outbox row, as <c>OutboxMessage.Of</c> wrote it).</summary>
    /// <exception cref="System.Text.Json.JsonException">The payload is not that type's JSON, or is <c>null</c>.</exception>
    public T ReadPayload<T>(System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        System.Text.Json.JsonSerializer.Deserialize(Payload.Span, type) ?? throw new System.Text.Json.JsonException($"The {EventType} row {Id} has no payload.");
}
