using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Bob.Webhooks.Internal;

namespace Bob.Webhooks;

/// <summary>
/// GitLab. With a webhook secret token, <c>X-Gitlab-Token</c> must equal it (compared in constant time). With a signing token
/// (a secret starting <c>whsec_</c>), deliveries carry Standard Webhooks signatures instead: <c>webhook-signature: v1,&lt;base64
/// HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}"&gt;</c>, keyed by the base64-decoded token, with the timestamp
/// no more than <see cref="Tolerance"/> from now.
/// </summary>
public sealed class GitLabVerifier : WebhookSignatureVerifier
{
    /// <summary>How far a Standard Webhooks timestamp may be from now, either way.</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    private const string SigningTokenPrefix = "whsec_";
    private readonly TimeProvider _timeProvider;
    private readonly byte[][] _tokenDigests;
    private readonly SignatureKeys _signingKeys;

    /// <summary>Creates the verifier for the configured secrets.</summary>
    /// <exception cref="ArgumentException">A <c>whsec_</c> secret is not base64 after its prefix.</exception>
    public GitLabVerifier(WebhookSecrets secrets, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        _timeProvider = timeProvider;
        var all = new[] { secrets.Secret?.Reveal(), secrets.PreviousSecret?.Reveal() }.Where(s => !string.IsNullOrEmpty(s)).Select(s => s!).ToArray();
        _tokenDigests = all.Where(s => !IsSigningToken(s)).Select(s => SHA256.HashData(Encoding.UTF8.GetBytes(s))).ToArray();
        var signing = all.Where(IsSigningToken).ToArray();
        _signingKeys = new SignatureKeys(
            signing.Length > 0 ? new Bob.Git.Abstractions.Secret(signing[0]) : null,
            signing.Length > 1 ? new Bob.Git.Abstractions.Secret(signing[1]) : null,
            DecodeSigningToken);
    }

    /// <inheritdoc />
    public override IReadOnlyList<string> SecretHeaders { get; } = [WebhookHeaders.GitLabToken, WebhookHeaders.StandardWebhookSignature];

    /// <inheritdoc />
    public override WebhookVerificationResult Verify(IWebhookHeaders headers, ReadOnlySpan<byte> body)
    {
        var verdict = Begin(headers, out var check);
        return verdict == WebhookVerificationResult.Valid ? Finish(check!, body) : verdict;
    }

    /// <inheritdoc />
    /// <remarks>A secret token is checked here in full, from the header alone; a Standard Webhooks signature is checked for
    /// form and freshness here and against the body as it is read.</remarks>
    public override WebhookVerificationResult Begin(IWebhookHeaders headers, out WebhookSignatureCheck? check)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var signatures = headers.Get(WebhookHeaders.StandardWebhookSignature);
        if (!string.IsNullOrEmpty(signatures) && _signingKeys.Configured)
        {
            return BeginStandardWebhook(headers.Get(WebhookHeaders.StandardWebhookId), headers.Get(WebhookHeaders.StandardWebhookTimestamp), signatures, out check);
        }

        var result = _tokenDigests.Length == 0 && _signingKeys.Configured
            ? WebhookVerificationResult.MissingSignature
            : VerifyToken(headers.Get(WebhookHeaders.GitLabToken));
        check = result == WebhookVerificationResult.Valid ? WebhookSignatureCheck.HeadersSufficed : null;
        return result;
    }

    /// <summary>Checks the <c>X-Gitlab-Token</c> value. Digests of equal length are compared, so not even the token's length leaks.</summary>
    public WebhookVerificationResult VerifyToken(string? token)
    {
        if (_tokenDigests.Length == 0)
        {
            return WebhookVerificationResult.NotConfigured;
        }

        if (string.IsNullOrEmpty(token))
        {
            return WebhookVerificationResult.MissingSignature;
        }

        if (token.Length > 1024)
        {
            return WebhookVerificationResult.InvalidSignature;
        }

        Span<byte> utf8 = stackalloc byte[Encoding.UTF8.GetMaxByteCount(1024)];
        var length = Encoding.UTF8.GetBytes(token, utf8);
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(utf8[..length], digest);
        var match = false;
        foreach (var expected in _tokenDigests)
        {
            match |= CryptographicOperations.FixedTimeEquals(expected, digest);
        }

        return match ? WebhookVerificationResult.Valid : WebhookVerificationResult.InvalidSignature;
    }

    /// <summary>Checks Standard Webhooks headers against the body. Any of several space-separated <c>v1,</c> signatures may match.</summary>
    public WebhookVerificationResult VerifyStandardWebhook(ReadOnlySpan<byte> body, string? id, string? timestamp, string? signatures)
    {
        var verdict = BeginStandardWebhook(id, timestamp, signatures, out var check);
        return verdict == WebhookVerificationResult.Valid ? Finish(check!, body) : verdict;
    }

    private static WebhookVerificationResult Finish(WebhookSignatureCheck check, ReadOnlySpan<byte> body)
    {
        using (check)
        {
            check.Append(body);
            return check.Complete();
        }
    }

    /// <summary>Checks the Standard Webhooks headers and starts the HMAC of <c>{id}.{timestamp}.</c> and the body to come.</summary>
    private WebhookVerificationResult BeginStandardWebhook(string? id, string? timestamp, string? signatures, out WebhookSignatureCheck? check)
    {
        check = null;
        if (!_signingKeys.Configured)
        {
            return WebhookVerificationResult.NotConfigured;
        }

        if (string.IsNullOrEmpty(signatures) || string.IsNullOrEmpty(id))
        {
            return WebhookVerificationResult.MissingSignature;
        }

        if (!TimestampWindow.IsFresh(timestamp, _timeProvider, Tolerance))
        {
            return WebhookVerificationResult.TimestampOutOfRange;
        }

        if (id.Length > 256)
        {
            return WebhookVerificationResult.MalformedSignature;
        }

        var sawV1 = false;
        var candidates = new List<byte[]>();
        foreach (var range in signatures.AsSpan().Split(' '))
        {
            var entry = signatures.AsSpan()[range];
            if (!entry.StartsWith("v1,", StringComparison.Ordinal))
            {
                continue;
            }

            sawV1 = true;
            var provided = new byte[32];
            if (Convert.TryFromBase64Chars(entry[3..], provided, out var written) && written == 32)
            {
                candidates.Add(provided);
            }
        }

        if (candidates.Count == 0)
        {
            // Signatures that are not base64 of 32 bytes cannot match: wrong, not malformed, when they are v1 ones.
            return sawV1 ? WebhookVerificationResult.InvalidSignature : WebhookVerificationResult.MalformedSignature;
        }

        check = _signingKeys.Begin(Encoding.UTF8.GetBytes($"{id}.{timestamp}."), [.. candidates]);
        return WebhookVerificationResult.Valid;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing) => _signingKeys.Dispose();

    private static bool IsSigningToken(string secret) => secret.StartsWith(SigningTokenPrefix, StringComparison.Ordinal);

    private static byte[] DecodeSigningToken(string secret)
    {
        var base64 = secret[SigningTokenPrefix.Length..];
        var bytes = new byte[Base64.GetMaxDecodedFromUtf8Length(base64.Length)];
        return Convert.TryFromBase64String(base64, bytes, out var written)
            ? bytes[..written]
            : throw new ArgumentException("A GitLab signing token (whsec_...) must be base64 after its prefix.", nameof(secret));
    }
}
