namespace Bob.Webhooks;

/// <summary>
/// The body half of a verification started by <see cref="WebhookSignatureVerifier.Begin"/>: the body is fed in as it is read,
/// so it is never held whole just to be checked, and <see cref="Complete"/> gives the verdict. Dispose it in every case.
/// </summary>
public abstract class WebhookSignatureCheck : IDisposable
{
    /// <summary>A check that needs no body: the headers alone proved the delivery (GitLab's secret token).</summary>
    public static WebhookSignatureCheck HeadersSufficed { get; } = new Accepted();

    /// <summary>Feeds the next part of the raw body.</summary>
    public abstract void Append(ReadOnlySpan<byte> data);

    /// <summary>The verdict once the whole body was fed: <see cref="WebhookVerificationResult.Valid"/> or why not.</summary>
    public abstract WebhookVerificationResult Complete();

    /// <summary>Gives back any pooled state.</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Gives back any pooled state.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }

    private sealed class Accepted : WebhookSignatureCheck
    {
        public override void Append(ReadOnlySpan<byte> data)
        {
        }

        public override WebhookVerificationResult Complete() => WebhookVerificationResult.Valid;

        protected override void Dispose(bool disposing)
        {
        }
    }
}
