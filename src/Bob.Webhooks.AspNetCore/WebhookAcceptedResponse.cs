namespace Bob.Webhooks.AspNetCore;

/// <summary>The body of a 202 or 200 answer to a delivery.</summary>
/// <param name="Id">The <c>webhook_deliveries</c> row.</param>
/// <param name="Duplicate">Whether the delivery had been stored before.</param>
public sealed record WebhookAcceptedResponse(Guid Id, bool Duplicate);
