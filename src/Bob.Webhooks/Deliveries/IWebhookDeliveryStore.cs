using Bob.Git.Abstractions;
namespace Bob.Webhooks;

/// <summary>Durable storage of deliveries. Implementations must make <see cref="StoreAsync"/> durable before it returns.</summary>
public interface IWebhookDeliveryStore
{
    /// <summary>Stores a delivery unless one with the same source and delivery id exists.</summary>
    /// <returns>The row id, and whether this call stored it (<see langword="false"/>: a duplicate of the stored row).</returns>
    /// <exception cref="BobValidationException">
    /// The payload is not valid JSON. Receivers check only its start (an object) before storing; the store checks the
    /// rest, as PostgreSQL's <c>json</c> type does on every insert anyway.
    /// </exception>
    Task<(Guid Id, bool Stored)> StoreAsync(WebhookDelivery delivery, CancellationToken cancellationToken = default);

    /// <summary>Which of <paramref name="deliveryIds"/> the store holds for <paramref name="source"/> (the gap filler asks before redelivering).</summary>
    Task<IReadOnlySet<string>> FindHeldAsync(string source, IReadOnlyCollection<string> deliveryIds, CancellationToken cancellationToken = default);
}
