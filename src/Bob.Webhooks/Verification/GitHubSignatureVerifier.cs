using Bob.Webhooks.Internal;

namespace Bob.Webhooks;

/// <summary>GitHub: <c>X-Hub-Signature-256: sha256=&lt;hex HMAC-SHA256 of the raw body&gt;</c>. The legacy SHA-1 header alone is refused.</summary>
public sealed class GitHubSignatureVerifier(WebhookSecrets secrets) : WebhookSignatureVerifier
{
    private readonly SignatureKeys _keys = new(secrets?.Secret, secrets?.PreviousSecret);

    /// <inheritdoc />
    public override IReadOnlyList<string> SecretHeaders { get; } = [WebhookHeaders.GitHubSignature256, WebhookHeaders.GitHubSignatureSha1];

    /// <inheritdoc />
    public override WebhookVerificationResult Verify(IWebhookHeaders headers, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(headers);
        return Verify(body, headers.Get(WebhookHeaders.GitHubSignature256), headers.Get(WebhookHeaders.GitHubSignatureSha1));
    }

    /// <inheritdoc />
    public override WebhookVerificationResult Begin(IWebhookHeaders headers, out WebhookSignatureCheck? check)
    {
        ArgumentNullException.ThrowIfNull(headers);
        check = null;
        var signature256 = headers.Get(WebhookHeaders.GitHubSignature256);
        var result = CheckHeader(signature256, headers.Get(WebhookHeaders.GitHubSignatureSha1));
        if (result != WebhookVerificationResult.Valid)
        {
            return result;
        }

        if (!SignatureKeys.TryParseHex(signature256.AsSpan(7), out var expected))
        {
            return WebhookVerificationResult.MalformedSignature;
        }

        check = _keys.Begin(default, [expected]);
        return WebhookVerificationResult.Valid;
    }

    private WebhookVerificationResult CheckHeader(string? signature256, string? signatureSha1) =>
        !_keys.Configured ? WebhookVerificationResult.NotConfigured
        : string.IsNullOrEmpty(signature256) ? (string.IsNullOrEmpty(signatureSha1) ? WebhookVerificationResult.MissingSignature : WebhookVerificationResult.LegacySha1Only)
        : !signature256.StartsWith("sha256=", StringComparison.Ordinal) ? WebhookVerificationResult.MalformedSignature
        : WebhookVerificationResult.Valid;

    /// <summary>Checks the SHA-256 signature header value against the body. Allocation-free.</summary>
    /// <param name="body">The raw request body.</param>
    /// <param name="signature256">The <c>X-Hub-Signature-256</c> value.</param>
    /// <param name="signatureSha1">The legacy <c>X-Hub-Signature</c> value, only used to explain a refusal.</param>
    public WebhookVerificationResult Verify(ReadOnlySpan<byte> body, string? signature256, string? signatureSha1 = null)
    {
        var header = CheckHeader(signature256, signatureSha1);
        if (header != WebhookVerificationResult.Valid)
        {
            return header;
        }

        return _keys.MatchesHex(signature256!.AsSpan(7), body, default, default, out var malformed)
            ? WebhookVerificationResult.Valid
            : malformed ? WebhookVerificationResult.MalformedSignature : WebhookVerificationResult.InvalidSignature;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing) => _keys.Dispose();
}
