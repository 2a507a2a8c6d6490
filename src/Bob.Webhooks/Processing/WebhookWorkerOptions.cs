namespace Bob.Webhooks;

/// <summary>How the webhook worker runs (configuration section <c>Webhooks:Worker</c>).</summary>
public sealed class WebhookWorkerOptions
{
    /// <summary>Whether the host runs a worker. Default <see langword="true"/>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How many deliveries are processed at once. Default 8.</summary>
    public int Concurrency { get; set; } = 8;

    /// <summary>
    /// How many deliveries one claim takes. Default 100: under load each claim waits on a busy database, so small batches
    /// leave the worker behind the arrival rate (benchmarks/webhook-load.sh).
    /// </summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>
    /// How long a claim holds a delivery without a heartbeat; after it a crashed worker's rows are taken again. Default 20 seconds:
    /// with <see cref="PollInterval"/> a dead host's deliveries are picked up within 25 seconds, while a live worker renews the
    /// lease of everything it holds every <see cref="HeartbeatInterval"/>, however long a delivery takes.
    /// </summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How often a worker renews its leases: a quarter of <see cref="Lease"/>, so three beats may be missed before one lapses.</summary>
    public TimeSpan HeartbeatInterval => Lease / 4;

    /// <summary>The longest the worker waits for a notification before looking anyway (the safety net). Default 5 seconds.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long processed deliveries are kept before they are pruned. Default 14 days.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(14);
}
