using Microsoft.Extensions.Options;

namespace Bob.Webhooks;

/// <summary>
/// One verifier per source, built from <see cref="BobWebhooksOptions"/> and rebuilt whenever the options change (read through
/// <see cref="IOptionsMonitor{TOptions}"/>), so a rotated secret takes effect without a restart. A request already being
/// verified keeps the verifier it started with; replaced verifiers are disposed a while later.
/// </summary>
public sealed class WebhookVerifiers : IDisposable
{
    /// <summary>How long replaced verifiers live on for requests that started with them.</summary>
    private static readonly TimeSpan Retirement = TimeSpan.FromMinutes(5);

    private readonly TimeProvider _timeProvider;
    private readonly IDisposable? _subscription;
    private volatile Dictionary<WebhookSource, WebhookSignatureVerifier> _verifiers;

    /// <summary>Builds the verifiers from the configured secrets, and again on every change of them.</summary>
    public WebhookVerifiers(IOptionsMonitor<BobWebhooksOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        _timeProvider = timeProvider;
        _verifiers = Build(options.CurrentValue, timeProvider);
        _subscription = options.OnChange(changed =>
        {
            Dictionary<WebhookSource, WebhookSignatureVerifier> rebuilt;
            try
            {
                rebuilt = Build(changed, _timeProvider);
            }
            catch (ArgumentException)
            {
                return; // a malformed secret (a GitLab whsec_ that is not base64): keep verifying with the last good one
            }

            var retired = Interlocked.Exchange(ref _verifiers, rebuilt);
            _ = RetireAsync(retired);
        });
    }

    /// <summary>The current verifier of <paramref name="source"/>.</summary>
    public WebhookSignatureVerifier For(WebhookSource source) => _verifiers[source];

    /// <summary>Disposes every verifier and stops following changes.</summary>
    public void Dispose()
    {
        _subscription?.Dispose();
        foreach (var verifier in _verifiers.Values)
        {
            verifier.Dispose();
        }
    }

    private static Dictionary<WebhookSource, WebhookSignatureVerifier> Build(BobWebhooksOptions o, TimeProvider timeProvider) => new()
    {
        [WebhookSource.GitHub] = new GitHubSignatureVerifier(o.GitHub),
        [WebhookSource.GitLab] = new GitLabVerifier(o.GitLab, timeProvider),
        [WebhookSource.Gitea] = new GiteaSignatureVerifier(o.Gitea),
        [WebhookSource.Kanbanger] = new KanbangerSignatureVerifier(o.Kanbanger, timeProvider),
    };

    private async Task RetireAsync(Dictionary<WebhookSource, WebhookSignatureVerifier> retired)
    {
        await Task.Delay(Retirement, _timeProvider).ConfigureAwait(false);
        foreach (var verifier in retired.Values)
        {
            verifier.Dispose();
        }
    }
}
