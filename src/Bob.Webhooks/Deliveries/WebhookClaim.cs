namespace Bob.Webhooks;

/// <summary>A lease taken in the same statement that stores a delivery, for the storing host's own worker.</summary>
/// <param name="WorkerId">The worker that holds it (<c>locked_by</c>).</param>
/// <param name="LeaseUntil">When another worker may take the delivery if this one has not settled it (<c>locked_until</c>).</param>
public sealed record WebhookClaim(string WorkerId, DateTimeOffset LeaseUntil);
