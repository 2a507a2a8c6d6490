namespace Bob.Webhooks;

/// <summary>Webhook settings (configuration section <c>Webhooks</c>, SPEC §2).</summary>
public sealed class BobWebhooksOptions
{
    /// <summary>GitHub's secrets (<c>Webhooks:GitHub:Secret</c>, <c>PreviousSecret</c>).</summary>
    public WebhookSecrets GitHub { get; } = new();

    /// <summary>GitLab's secret token or signing token (<c>Webhooks:GitLab:Secret</c>, <c>PreviousSecret</c>).</summary>
    public WebhookSecrets GitLab { get; } = new();

    /// <summary>Gitea's secrets (<c>Webhooks:Gitea:Secret</c>, <c>PreviousSecret</c>).</summary>
    public WebhookSecrets Gitea { get; } = new();

    /// <summary>Kanbanger's secrets (<c>Webhooks:Kanbanger:Secret</c>, <c>PreviousSecret</c>).</summary>
    public WebhookSecrets Kanbanger { get; } = new();

    /// <summary>The largest body accepted, in bytes; larger ones answer 413. Default 25 MiB, the cap GitHub and GitLab put on payloads.</summary>
    public long MaxBodyBytes { get; set; } = 25L * 1024 * 1024;

    /// <summary>
    /// How many bytes of bodies whose signature is not yet proven the host holds at once, across all requests; at least
    /// <see cref="MaxBodyBytes"/>. Default 64 MiB. A body is only known to be signed once read whole, so this bounds the memory
    /// that forged deliveries can take; past it, requests wait up to 5 s for room, then answer 503.
    /// </summary>
    public long MaxBufferedBodyBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>The secrets of one source.</summary>
    public WebhookSecrets For(WebhookSource source) => source switch
    {
        WebhookSource.GitHub => GitHub,
        WebhookSource.GitLab => GitLab,
        WebhookSource.Gitea => Gitea,
        WebhookSource.Kanbanger => Kanbanger,
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, "Unknown webhook source."),
    };
}
