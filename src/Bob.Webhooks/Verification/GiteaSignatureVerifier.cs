using Bob.Webhooks.Internal;

namespace Bob.Webhooks;

/// <summary>
/// Gitea and Forgejo: <c>X-Gitea-Signature: &lt;hex HMAC-SHA256 of the raw body&gt;</c>, no prefix. Gitea sends the header empty
/// when its webhook has no secret; with a secret configured here that delivery is refused as unsigned.
/// </summary>
public sealed class GiteaSignatureVerifier(WebhookSecrets secrets) : WebhookSignatureVerifier
{
    private readonly SignatureKeys _keys = new(secrets?.Secret, secrets?.PreviousSecret);

    /// <inheritdoc />
    public override IReadOnlyList<string> SecretHeaders { get; } = [WebhookHeaders.GiteaSignature, "X-Forgejo-Signature", "X-Gogs-Signature", "Authorization"];

    /// <inheritdoc />
    public override WebhookVerificationResult Verify(IWebhookHeaders headers, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(headers);
        return Verify(body, Signature(headers));
    }

    /// <inheritdoc />
    public override WebhookVerificationResult Begin(IWebhookHeaders headers, out WebhookSignatureCheck? check)
    {
        ArgumentNullException.ThrowIfNull(headers);
        check = null;
        var signature = Signature(headers);
        var header = CheckHeader(signature);
        if (header != WebhookVerificationResult.Valid)
        {
            return header;
        }

        if (!SignatureKeys.TryParseHex(signature.AsSpan().Trim(), out var expected))
        {
            return WebhookVerificationResult.MalformedSignature;
        }

        check = _keys.Begin(default, [expected]);
        return WebhookVerificationResult.Valid;
    }

    private WebhookVerificationResult CheckHeader(string? signature) =>
        !_keys.Configured ? WebhookVerificationResult.NotConfigured
        : string.IsNullOrWhiteSpace(signature) ? WebhookVerificationResult.MissingSignature
        : WebhookVerificationResult.Valid;

    private static string? Signature(IWebhookHeaders headers) =>
        headers.Get(WebhookHeaders.GiteaSignature) is { Length: > 0 } gitea ? gitea : headers.Get("X-Forgejo-Signature");

    /// <summary>Checks the signature header value against the body. Allocation-free.</summary>
    public WebhookVerificationResult Verify(ReadOnlySpan<byte> body, string? signature)
    {
        var header = CheckHeader(signature);
        if (header != WebhookVerificationResult.Valid)
        {
            return header;
        }

        return _keys.MatchesHex(signature.AsSpan().Trim(), body, default, default, out var malformed)
            ? WebhookVerificationResult.Valid
            : malformed ? WebhookVerificationResult.MalformedSignature : WebhookVerificationResult.InvalidSignature;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing) => _keys.Dispose();
}
