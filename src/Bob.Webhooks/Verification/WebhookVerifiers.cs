using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Bob.Webhooks;

/// <summary>
/// One verifier per registered source, built by its <see cref="WebhookSourceDefinition.CreateVerifier"/> from the source's
/// named <see cref="WebhookSecrets"/> and rebuilt whenever they change (read through <see cref="IOptionsMonitor{TOptions}"/>),
/// so a rotated secret takes effect without a restart. A request already being verified keeps the verifier it started with;
/// replaced verifiers are disposed a while later.
/// </summary>
public sealed class WebhookVerifiers : IDisposable
{
    /// <summary>How long replaced verifiers live on for requests that started with them.</summary>
    private static readonly TimeSpan Retirement = TimeSpan.FromMinutes(5);

    private readonly WebhookSources _sources;
    private readonly TimeProvider _timeProvider;
    private readonly IDisposable? _subscription;
    private readonly ConcurrentDictionary<string, WebhookSignatureVerifier> _verifiers = new(StringComparer.Ordinal);

    /// <summary>Builds every source's verifier from its configured secrets, and again on every change of them.</summary>
    /// <exception cref="ArgumentException">A source's secret is malformed (a GitLab <c>whsec_</c> value that is not base64).</exception>
    public WebhookVerifiers(WebhookSources sources, IOptionsMonitor<WebhookSecrets> secrets, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(secrets);
        _sources = sources;
        _timeProvider = timeProvider ?? TimeProvider.System;
        foreach (var source in sources.All)
        {
            _verifiers[source.Name] = source.CreateVerifier(secrets.Get(source.Name), _timeProvider);
        }

        _subscription = secrets.OnChange((changed, name) =>
        {
            if (name is null || !_sources.TryGet(name, out var source))
            {
                return;
            }

            WebhookSignatureVerifier rebuilt;
            try
            {
                rebuilt = source.CreateVerifier(changed, _timeProvider);
            }
            catch (ArgumentException)
            {
                return; // a malformed secret: keep verifying with the last good one
            }

            var retired = _verifiers.TryGetValue(name, out var old) ? old : null;
            _verifiers[name] = rebuilt;
            if (retired is not null)
            {
                _ = RetireAsync(retired);
            }
        });
    }

    /// <summary>The current verifier of the source named <paramref name="source"/>.</summary>
    /// <exception cref="KeyNotFoundException">No source of that name is registered.</exception>
    public WebhookSignatureVerifier For(string source) => _verifiers.TryGetValue(source, out var verifier)
        ? verifier
        : throw new KeyNotFoundException($"No webhook source named '{source}' is registered.");

    /// <summary>Disposes every verifier and stops following changes.</summary>
    public void Dispose()
    {
        _subscription?.Dispose();
        foreach (var verifier in _verifiers.Values)
        {
            verifier.Dispose();
        }
    }

    private async Task RetireAsync(WebhookSignatureVerifier retired)
    {
        await Task.Delay(Retirement, _timeProvider).ConfigureAwait(false);
        retired.Dispose();
    }
}
