using System.Diagnostics;
using System.Diagnostics.Metrics;
using Bob.Git.Abstractions;

namespace Bob.Git;

/// <summary>
/// The package's <see cref="Meter"/> and <see cref="ActivitySource"/>, both named <see cref="Name"/>. Instruments:
/// <c>bob.git.provider.request.duration</c> (histogram, s; tags <c>bob.git.provider</c>, <c>bob.git.operation</c> and
/// <c>http.response.status_class</c> = 2xx, 3xx, 4xx, 5xx or <c>error</c> when no answer came) for every provider request,
/// retries included, and <c>bob.git.token.refreshes</c> (counter; tags provider and <c>bob.git.outcome</c> = refreshed,
/// reauthorization_required or failed). Activity <c>bob.git.provider.request</c>. Tags never carry ids, URLs or tokens.
/// </summary>
/// <remarks>
/// Provider requests are measured in <see cref="ProviderTransport"/>, which every client shares and which is static, so the
/// meter is the process's own (collect it by name, as OpenTelemetry's <c>AddMeter("Bob.Git")</c> and
/// <c>MetricCollector</c> do) rather than one from the host's <c>IMeterFactory</c>.
/// </remarks>
public static class GitTelemetry
{
    /// <summary>The meter's and the activity source's name.</summary>
    public const string Name = "Bob.Git";

    private static readonly Meter Meter = new(Name);

    private static readonly Histogram<double> RequestDuration = Meter.CreateHistogram<double>(
        "bob.git.provider.request.duration", "s", "Provider API requests, by provider, operation and status class.");

    private static readonly Counter<long> Refreshes = Meter.CreateCounter<long>(
        "bob.git.token.refreshes", "{refresh}", "Token refreshes, by provider and outcome.");

    /// <summary>The activity source of provider requests.</summary>
    public static ActivitySource ActivitySource { get; } = new(Name);

    internal static void Request(GitProvider provider, string operation, int? status, TimeSpan duration) =>
        RequestDuration.Record(duration.TotalSeconds, new TagList
        {
            { "bob.git.provider", provider.ToWireName() },
            { "bob.git.operation", operation },
            { "http.response.status_class", status is { } s ? $"{s / 100}xx" : "error" },
        });

    internal static void Refresh(GitProvider provider, string outcome) =>
        Refreshes.Add(1, new TagList { { "bob.git.provider", provider.ToWireName() }, { "bob.git.outcome", outcome } });
}
