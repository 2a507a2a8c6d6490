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

    /// <summary>How long a claim holds a delivery; after it a crashed worker's rows are taken again. Default 2 minutes.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The longest the worker waits for a notification before looking anyway (the safety net). Default 5 seconds.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long processed deliveries are kept before they are pruned. Default 14 days.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(14);
}
