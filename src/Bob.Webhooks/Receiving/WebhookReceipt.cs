namespace Bob.Webhooks;

/// <summary>
/// What <see cref="WebhookReceiver"/> answers a delivery (SPEC §3): <c>202</c> stored, <c>200</c> a duplicate (both with the row
/// id), or a refusal with an RFC 9457 title and detail: <c>400</c>, <c>401</c>, <c>413</c>, <c>415</c>, or <c>503</c> with a
/// <see cref="RetryAfter"/>. A host turns it into its HTTP answer.
/// </summary>
/// <param name="StatusCode">The HTTP status to answer.</param>
/// <param name="DeliveryRowId">The stored row, for <c>202</c> and <c>200</c>.</param>
/// <param name="Title">The problem's title, for refusals.</param>
/// <param name="Detail">The problem's detail, for refusals: names the rule, never secrets or internals.</param>
/// <param name="RetryAfter">When a <c>503</c> may be sent again.</param>
public sealed record WebhookReceipt(int StatusCode, Guid? DeliveryRowId = null, string? Title = null, string? Detail = null, TimeSpan? RetryAfter = null)
{
    /// <summary>Whether it had been stored before.</summary>
    public bool Duplicate => StatusCode == 200;

    /// <summary>Why it was refused, as the <c>bob.webhook.reason</c> metric tag (low cardinality).</summary>
    internal string? Reason { get; init; }

    internal static WebhookReceipt Refused(int statusCode, string reason, string title, string detail, TimeSpan? retryAfter = null) =>
        new(statusCode, Title: title, Detail: detail, RetryAfter: retryAfter) { Reason = reason };
}
