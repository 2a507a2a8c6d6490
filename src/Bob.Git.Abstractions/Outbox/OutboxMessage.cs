using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Bob.Git.Abstractions;

/// <summary>
/// A side effect to queue in an outbox source (<c>Bob.Webhooks</c>' <c>WebhookSourceDefinition.ForOutbox</c>), written as a
/// delivery in the transaction of the change that causes it.
/// </summary>
/// <param name="Source">The outbox source's name.</param>
/// <param name="DeliveryId">The dedupe key: the same key is queued once.</param>
/// <param name="EventType">What to do (the processor switches on it).</param>
/// <param name="Payload">What it needs to do it.</param>
public sealed record OutboxMessage(string Source, string DeliveryId, string EventType, JsonObject Payload)
{
    /// <summary>A message whose payload is <paramref name="payload"/> written with <paramref name="type"/> (a JSON object).</summary>
    public static OutboxMessage Of<T>(string source, string deliveryId, string eventType, T payload, JsonTypeInfo<T> type) =>
        new(source, deliveryId, eventType, JsonSerializer.SerializeToNode(payload, type) as JsonObject
            ?? throw new ArgumentException($"A {typeof(T).Name} is not written as a JSON object.", nameof(payload)));
}
