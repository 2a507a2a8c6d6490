using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Bob.Notifications;

/// <summary>
/// The package's <see cref="Meter"/> and <see cref="ActivitySource"/>, both named <see cref="Name"/>. Instruments:
/// <c>bob.notifications.expo.request.duration</c> (histogram, s; tags <c>bob.expo.operation</c> = send or receipts and
/// <c>bob.expo.status</c>), <c>bob.notifications.push.tickets</c> (counter; tag <c>bob.expo.outcome</c> = ok or Expo's
/// error code) and <c>bob.notifications.devices.disabled</c> (counter). Activity: <c>bob.notifications.expo</c>. Tags
/// never carry tokens.
/// </summary>
public sealed class NotificationsTelemetry : IDisposable
{
    /// <summary>The meter's and the activity source's name.</summary>
    public const string Name = "Bob.Notifications";

    private readonly Histogram<double> _duration;
    private readonly Counter<long> _tickets;
    private readonly Counter<long> _disabled;

    /// <summary>Creates the instruments through <paramref name="meterFactory"/> (the host's, so its collectors and tests see them).</summary>
    public NotificationsTelemetry(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        Meter = meterFactory.Create(Name);
        _duration = Meter.CreateHistogram<double>("bob.notifications.expo.request.duration", "s", "Expo push service requests, by operation and status.");
        _tickets = Meter.CreateCounter<long>("bob.notifications.push.tickets", "{ticket}", "Push tickets, by outcome (ok or Expo's error code).");
        _disabled = Meter.CreateCounter<long>("bob.notifications.devices.disabled", "{device}", "Devices disabled because Expo says they are not registered.");
    }

    /// <summary>The activity source of Expo requests.</summary>
    public static ActivitySource ActivitySource { get; } = new(Name);

    internal Meter Meter { get; }

    internal void Requested(string operation, int status, TimeSpan duration) =>
        _duration.Record(duration.TotalSeconds, new TagList { { "bob.expo.operation", operation }, { "bob.expo.status", status } });

    internal void Ticket(string outcome) => _tickets.Add(1, new TagList { { "bob.expo.outcome", outcome } });

    internal void Disabled() => _disabled.Add(1);

    /// <inheritdoc />
    public void Dispose() => Meter.Dispose();
}
