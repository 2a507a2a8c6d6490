using Microsoft.Extensions.Options;

namespace Bob.Webhooks;

/// <summary>One verifier per source, built from <see cref="BobWebhooksOptions"/>.</summary>
public sealed class WebhookVerifiers : IDisposable
{
    private readonly Dictionary<WebhookSource, WebhookSignatureVerifier> _verifiers;

    /// <summary>Builds the verifiers from the configured secrets.</summary>
    public WebhookVerifiers(IOptions<BobWebhooksOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        var o = options.Value;
        _verifiers = new()
        {
            [WebhookSource.GitHub] = new GitHubSignatureVerifier(o.GitHub),
            [WebhookSource.GitLab] = new GitLabVerifier(o.GitLab, timeProvider),
            [WebhookSource.Gitea] = new GiteaSignatureVerifier(o.Gitea),
            [WebhookSource.Kanbanger] = new KanbangerSignatureVerifier(o.Kanbanger, timeProvider),
        };
    }

    /// <summary>The verifier of <paramref name="source"/>.</summary>
    public WebhookSignatureVerifier For(WebhookSource source) => _verifiers[source];

    /// <summary>Disposes every verifier.</summary>
    public void Dispose()
    {
        foreach (var verifier in _verifiers.Values)
        {
            verifier.Dispose();
        }
    }
}
