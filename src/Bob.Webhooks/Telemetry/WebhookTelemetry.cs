using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Bob.Webhooks;

/// <summary>
/// The package's <see cref="Meter"/> and <see cref="ActivitySource"/>, both named <see cref="Name"/>. Instruments:
/// <c>bob.webhooks.deliveries</c> (counter; tags <c>bob.webhook.source</c>, <c>bob.webhook.outcome</c> = accepted, duplicate or
/// rejected, and <c>bob.webhook.reason</c> for rejections), <c>bob.webhooks.processing.duration</c> (histogram, s; tags source and
/// outcome = done, retry, dead_letter or error) and <c>bob.webhooks.queue.lag</c> (histogram, s: from receipt to the start of
/// processing). Activities: <c>bob.webhooks.receive</c> and <c>bob.webhooks.process</c>. Tags never carry ids, URLs or secrets.
/// </summary>
public sealed class WebhookTelemetry : IDisposable
{
    /// <summary>The meter's and the activity source's name.</summary>
    public const string Name = "Bob.Webhooks";

    /// <summary>Creates the instruments through <paramref name="meterFactory"/> (the host's, so its collectors and tests see them).</summary>
    public WebhookTelemetry(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        Meter = meterFactory.Create(Name);
        Deliveries = Meter.CreateCounter<long>("bob.webhooks.deliveries", "{delivery}", "Deliveries received, by source and outcome (accepted, duplicate, rejected with a reason).");
        ProcessingDuration = Meter.CreateHistogram<double>("bob.webhooks.processing.duration", "s", "How long processing one delivery took, by source and outcome.");
        QueueLag = Meter.CreateHistogram<double>("bob.webhooks.queue.lag", "s", "From a delivery's receipt to the start of its processing.");
    }

    /// <summary>The activity source of the receiver and the worker.</summary>
    public static ActivitySource ActivitySource { get; } = new(Name);

    internal Meter Meter { get; }

    internal Counter<long> Deliveries { get; }

    internal Histogram<double> ProcessingDuration { get; }

    internal Histogram<double> QueueLag { get; }

    internal void Received(string source, string outcome, string? reason = null)
    {
        var tags = new TagList { { "bob.webhook.source", source }, { "bob.webhook.outcome", outcome } };
        if (reason is not null)
        {
            tags.Add("bob.webhook.reason", reason);
        }

        Deliveries.Add(1, tags);
    }

    internal void Lagged(string source, TimeSpan lag) =>
        QueueLag.Record(Math.Max(0, lag.TotalSeconds), new TagList { { "bob.webhook.source", source } });

    internal void Processed(string source, string outcome, TimeSpan duration) =>
        ProcessingDuration.Record(duration.TotalSeconds, new TagList { { "bob.webhook.source", source }, { "bob.webhook.outcome", outcome } });

    /// <inheritdoc />
    public void Dispose() => Meter.Dispose();
}
