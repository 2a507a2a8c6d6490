using System.Diagnostics;
using System.Diagnostics.Metrics;
using Bob.Git.Abstractions;

namespace Bob.Git;

/// <summary>
/// The package's <see cref="Meter"/> and <see cref="ActivitySource"/>, both named <see cref="Name"/>. Instruments:
/// <c>bob.git.provider.request.duration</c> (histogram, s; tags <c>bob.git.provider</c>, <c>bob.git.operation</c> and
/// <c>http.response.status_class</c> = 2xx, 3xx, 4xx, 5xx or <c>error</c> when no answer came) for every provider request
/// (one measurement per call, its retries included), and <c>bob.git.token.refreshes</c> (counter; tags provider and
/// <c>bob.git.outcome</c> = refreshed, reauthorization_required or failed). Activity <c>bob.git.provider.request</c>. Tags
/// never carry ids, URLs or tokens.
/// </summary>
/// <remarks>
/// Provider requests are measured by a handler of the provider HTTP pipeline (<see cref="GitHttpClient.Name"/>), outside its
/// retries, for the calls <see cref="ProviderTransport"/> names.
/// </remarks>
public sealed class GitTelemetry : IDisposable
{
    /// <summary>The meter's and the activity source's name.</summary>
    public const string Name = "Bob.Git";

    private readonly Histogram<double> _requestDuration;
    private readonly Counter<long> _refreshes;
    private readonly Counter<long> _installationTokens;

    /// <summary>Creates the instruments through <paramref name="meterFactory"/> (the host's, so its collectors and tests see them).</summary>
    public GitTelemetry(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        Meter = meterFactory.Create(Name);
        _requestDuration = Meter.CreateHistogram<double>("bob.git.provider.request.duration", "s", "Provider API requests, by provider, operation and status class.");
        _refreshes = Meter.CreateCounter<long>("bob.git.token.refreshes", "{refresh}", "Token refreshes, by provider and outcome.");
        _installationTokens = Meter.CreateCounter<long>("bob.git.app.installation_tokens", "{token}", "App installation token mints, by provider and outcome (minted, failed, deleted, suspended).");
    }

    /// <summary>The activity source of provider requests.</summary>
    public static ActivitySource ActivitySource { get; } = new(Name);

    internal Meter Meter { get; }

    internal void Request(GitProvider provider, string operation, int? status, TimeSpan duration) =>
        _requestDuration.Record(duration.TotalSeconds, new TagList
        {
            { "bob.git.provider", provider.ToWireName() },
            { "bob.git.operation", operation },
            { "http.response.status_class", status is { } s ? $"{s / 100}xx" : "error" },
        });

    internal void InstallationToken(GitProvider provider, string outcome) =>
        _installationTokens.Add(1, new TagList { { "bob.git.provider", provider.ToWireName() }, { "bob.git.outcome", outcome } });

    internal void Refresh(GitProvider provider, string outcome) =>
        _refreshes.Add(1, new TagList { { "bob.git.provider", provider.ToWireName() }, { "bob.git.outcome", outcome } });

    /// <inheritdoc />
    public void Dispose() => Meter.Dispose();
}
