namespace Bob.Webhooks;

/// <summary>
/// Webhook settings (configuration section <c>Webhooks</c>, SPEC §2). Each source's secrets are the named options
/// <see cref="WebhookSecrets"/> of its name (configuration <c>Webhooks:{DisplayName}:Secret</c>).
/// </summary>
public sealed class BobWebhooksOptions
{
    /// <summary>The largest body accepted, in bytes; larger ones answer 413. Default 25 MiB, the cap GitHub and GitLab put on payloads.</summary>
    public long MaxBodyBytes { get; set; } = 25L * 1024 * 1024;

    /// <summary>
    /// How many bytes of bodies whose signature is not yet proven the host holds at once, across all requests; at least
    /// <see cref="MaxBodyBytes"/>. Default 64 MiB. A body is only known to be signed once read whole, so this bounds the memory
    /// that forged deliveries can take; past it, requests wait up to 5 s for room, then answer 503.
    /// </summary>
    public long MaxBufferedBodyBytes { get; set; } = 64L * 1024 * 1024;
}
