using System.Text;
using Bob.Webhooks.Internal;

namespace Bob.Webhooks;

/// <summary>
/// Kanbanger (SPEC §5): <c>X-Kanbanger-Signature: sha256=&lt;lowercase hex HMAC-SHA256(secret, "{timestamp}.{raw body}")&gt;</c>,
/// with <c>X-Kanbanger-Timestamp</c> in Unix seconds no more than <see cref="Tolerance"/> from now.
/// </summary>
public sealed class KanbangerSignatureVerifier(WebhookSecrets secrets, TimeProvider timeProvider) : WebhookSignatureVerifier
{
    /// <summary>How far the timestamp may be from now, either way.</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(300);

    private readonly SignatureKeys _keys = new(secrets?.Secret, secrets?.PreviousSecret);

    /// <inheritdoc />
    public override IReadOnlyList<string> SecretHeaders { get; } = [WebhookHeaders.KanbangerSignature];

    /// <inheritdoc />
    public override WebhookVerificationResult Verify(IWebhookHeaders headers, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(headers);
        return Verify(body, headers.Get(WebhookHeaders.KanbangerTimestamp), headers.Get(WebhookHeaders.KanbangerSignature));
    }

    /// <inheritdoc />
    public override WebhookVerificationResult Begin(IWebhookHeaders headers, out WebhookSignatureCheck? check)
    {
        ArgumentNullException.ThrowIfNull(headers);
        check = null;
        var timestamp = headers.Get(WebhookHeaders.KanbangerTimestamp);
        var signature = headers.Get(WebhookHeaders.KanbangerSignature);
        var result = CheckHeaders(timestamp, signature);
        if (result != WebhookVerificationResult.Valid)
        {
            return result;
        }

        if (!SignatureKeys.TryParseHex(signature.AsSpan(7), out var expected))
        {
            return WebhookVerificationResult.MalformedSignature;
        }

        check = _keys.Begin(Encoding.ASCII.GetBytes(timestamp + "."), [expected]);
        return WebhookVerificationResult.Valid;
    }

    private WebhookVerificationResult CheckHeaders(string? timestamp, string? signature) =>
        !_keys.Configured ? WebhookVerificationResult.NotConfigured
        : string.IsNullOrEmpty(signature) ? WebhookVerificationResult.MissingSignature
        : !TimestampWindow.IsFresh(timestamp, timeProvider, Tolerance) ? WebhookVerificationResult.TimestampOutOfRange
        : !signature.StartsWith("sha256=", StringComparison.Ordinal) ? WebhookVerificationResult.MalformedSignature
        : WebhookVerificationResult.Valid;

    /// <summary>
    /// SHA-256 of <c>"{timestamp}.{signature}"</c>: the delivery id is not signed, so a request replayed inside the window with
    /// a new <c>X-Kanbanger-Delivery</c> is the same (timestamp, signature), a duplicate (SPEC §5). The signature's hex is
    /// lower-cased first, so changing its case makes no new request.
    /// </summary>
    public override byte[]? ReplayKey(IWebhookHeaders headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var timestamp = headers.Get(WebhookHeaders.KanbangerTimestamp);
        var signature = headers.Get(WebhookHeaders.KanbangerSignature);
        return timestamp is null || signature is null
            ? null
            : System.Security.Cryptography.SHA256.HashData(Encoding.ASCII.GetBytes($"{timestamp}.{signature.ToLowerInvariant()}"));
    }

    /// <summary>Checks timestamp and signature against the body. Allocation-free.</summary>
    public WebhookVerificationResult Verify(ReadOnlySpan<byte> body, string? timestamp, string? signature)
    {
        var header = CheckHeaders(timestamp, signature);
        if (header != WebhookVerificationResult.Valid)
        {
            return header;
        }

        // The timestamp passed IsFresh, so it is at most 20 ASCII digits.
        Span<byte> prefix = stackalloc byte[24];
        var length = Encoding.ASCII.GetBytes(timestamp!, prefix);
        prefix[length++] = (byte)'.';
        return _keys.MatchesHex(signature!.AsSpan(7), prefix[..length], body, default, out var malformed)
            ? WebhookVerificationResult.Valid
            : malformed ? WebhookVerificationResult.MalformedSignature : WebhookVerificationResult.InvalidSignature;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing) => _keys.Dispose();
}
