namespace Bob.Webhooks;

/// <summary>
/// Checks that a delivery comes from its source: over the raw body bytes as received (never re-serialized JSON), in
/// constant time, accepting the current and the previous secret. One instance per source; thread-safe.
/// </summary>
public abstract class WebhookSignatureVerifier : IDisposable
{
    /// <summary>The headers that carry secrets or signatures; they are never stored or logged.</summary>
    public abstract IReadOnlyList<string> SecretHeaders { get; }

    /// <summary>Checks a delivery given its headers and raw body.</summary>
    public abstract WebhookVerificationResult Verify(IWebhookHeaders headers, ReadOnlySpan<byte> body);

    /// <summary>
    /// Starts checking a delivery from its headers alone, before any of the body is read: a missing, malformed or stale
    /// signature, or a source with no secret, is refused here, so an unsigned body is never read. When this returns
    /// <see cref="WebhookVerificationResult.Valid"/>, <paramref name="check"/> takes the body as it arrives and gives the verdict.
    /// The default (for verifiers that do not override it) checks nothing early and buffers the body for <see cref="Verify"/>.
    /// </summary>
    public virtual WebhookVerificationResult Begin(IWebhookHeaders headers, out WebhookSignatureCheck? check)
    {
        check = new BufferedCheck(this, headers);
        return WebhookVerificationResult.Valid;
    }

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

    private sealed class BufferedCheck(WebhookSignatureVerifier verifier, IWebhookHeaders headers) : WebhookSignatureCheck
    {
        private readonly MemoryStream _body = new();

        public override void Append(ReadOnlySpan<byte> data) => _body.Write(data);

        public override WebhookVerificationResult Complete() => verifier.Verify(headers, _body.GetBuffer().AsSpan(0, (int)_body.Length));

        protected override void Dispose(bool disposing) => _body.Dispose();
    }
}
