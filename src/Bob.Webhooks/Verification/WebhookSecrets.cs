using Bob.Git.Abstractions;

namespace Bob.Webhooks;

/// <summary>One source's shared secrets (configuration <c>Webhooks:{Source}:Secret</c> and <c>PreviousSecret</c>).</summary>
public sealed class WebhookSecrets
{
    /// <summary>
    /// The secret deliveries are checked against. GitLab: the webhook's secret token, or a signing token (<c>whsec_...</c>),
    /// which switches GitLab to Standard Webhooks signatures.
    /// </summary>
    public Secret? Secret { get; set; }

    /// <summary>The secret being rotated out; accepted as well, until it is removed.</summary>
    public Secret? PreviousSecret { get; set; }
}
