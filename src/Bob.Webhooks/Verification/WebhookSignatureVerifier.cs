namespace Bob.Webhooks;

/// <summary>
/// Checks that a delivery comes from its source: over the raw body bytes as received (never re-serialized JSON), in
/// constant time, accepting the current and the previous secret. One instance per source; thread-safe.
/// </summary>
public abstract class WebhookSignatureVerifier : IDisposable
{
    /// <summary>The source this verifier checks.</summary>
    public abstract WebhookSource Source { get; }

    /// <summary>The headers that carry secrets or signatures; they are never stored or logged.</summary>
    public abstract IReadOnlyList<string> SecretHeaders { get; }

    /// <summary>Checks a delivery given its headers and raw body.</summary>
    public abstract WebhookVerificationResult Verify(IWebhookHeaders headers, ReadOnlySpan<byte> body);

    /// <summary>
    /// For a delivery that verified, a key that identifies the signed request itself when the source does not sign its delivery
    /// id, so the same signed request replayed under a new delivery id is recognised as a duplicate; <see langword="null"/>
    /// (the default) when the delivery id is enough.
    /// </summary>
    public virtual byte[]? ReplayKey(IWebhookHeaders headers) => null;

    /// <summary>Zeroes the keys.</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases keyed hash state.</summary>
    protected abstract void Dispose(bool disposing);
}
