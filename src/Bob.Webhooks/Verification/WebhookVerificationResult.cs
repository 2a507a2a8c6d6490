namespace Bob.Webhooks;

/// <summary>The outcome of checking a delivery's signature or token. Everything but <see cref="Valid"/> is answered 401.</summary>
public enum WebhookVerificationResult
{
    /// <summary>Signed with the current or the previous secret.</summary>
    Valid = 0,

    /// <summary>No secret is configured for this source, so nothing can be verified and nothing is accepted.</summary>
    NotConfigured,

    /// <summary>The signature or token header is missing or empty.</summary>
    MissingSignature,

    /// <summary>Only GitHub's legacy SHA-1 <c>X-Hub-Signature</c> was sent; SHA-256 is required.</summary>
    LegacySha1Only,

    /// <summary>The header is present but not in the documented format.</summary>
    MalformedSignature,

    /// <summary>The signature or token does not match any configured secret.</summary>
    InvalidSignature,

    /// <summary>The timestamp is missing, malformed, or more than the tolerance away from now (replay protection).</summary>
    TimestampOutOfRange,
}
