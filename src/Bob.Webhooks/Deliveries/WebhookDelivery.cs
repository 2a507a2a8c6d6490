namespace Bob.Webhooks;

/// <summary>A verified delivery, as stored in <c>webhook_deliveries</c> before it is processed.</summary>
/// <param name="Source">Who sent it: the <see cref="WebhookSourceDefinition.Name"/> of its source.</param>
/// <param name="DeliveryId">The source's delivery id (the dedupe key with <paramref name="Source"/>).</param>
/// <param name="EventType">The event header value, such as <c>pull_request</c> or <c>Merge Request Hook</c>.</param>
/// <param name="Action">The payload's top-level <c>action</c>, when it has one.</param>
/// <param name="Headers">The request headers, lower-cased, without secrets, signatures, cookies or authorization.</param>
/// <param name="Payload">The raw JSON body, exactly as received.</param>
/// <param name="NeedsProcessing">
/// <see langword="false"/> for events no processor handles: they are stored already processed, so no worker claims them.
/// </param>
/// <param name="Claim">
/// When set, the delivery is stored already leased to this host's worker, which gets it from memory instead of claiming
/// it from the store; if that worker stops, another takes the delivery when the lease ends.
/// </param>
/// <param name="ReplayKey">
/// A second dedupe key, for sources whose delivery id is not signed (<see cref="WebhookSignatureVerifier.ReplayKey"/>): a
/// stored delivery with the same source and replay key makes this one a duplicate, whatever its delivery id.
/// </param>
/// <param name="HookId">The hook Bob made that it came through, verified with that hook's secret (issue 23).</param>
public sealed record WebhookDelivery(
    string Source,
    string DeliveryId,
    string EventType,
    string? Action,
    IReadOnlyDictionary<string, string> Headers,
    ReadOnlyMemory<byte> Payload,
    bool NeedsProcessing = true,
    WebhookClaim? Claim = null,
    byte[]? ReplayKey = null,
    Guid? HookId = null);
