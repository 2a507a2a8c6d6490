using Bob.Git.Abstractions;
using System.Security.Cryptography;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bob.Webhooks;

/// <summary>
/// Processes stored deliveries: claims due rows in short statements under a lease, processes them with bounded concurrency
/// outside any transaction, and settles each one (processed, retry later per <see cref="RetrySchedule"/>, or dead letter).
/// Wakes on the store's notifications, and polls as a safety net. Several workers, in one host or many, share the work.
/// </summary>
public sealed partial class WebhookWorker(
    IWebhookDeliveryQueue queue,
    IWebhookProcessor processor,
    IOptions<WebhookWorkerOptions> options,
    TimeProvider timeProvider,
    ILogger<WebhookWorker> logger,
    WebhookTelemetry? telemetry = null) : BackgroundService
{
    private readonly LocalDeliveryHandoff? _handoff;
    private readonly WebhookTelemetry? _telemetry = telemetry; // none: not measured

    /// <summary>Creates the worker of a host whose receivers hand it the deliveries they store (see <c>AddBobWebhooks</c>).</summary>
    internal WebhookWorker(
        IWebhookDeliveryQueue queue,
        IWebhookProcessor processor,
        IOptions<WebhookWorkerOptions> options,
        TimeProvider timeProvider,
        ILogger<WebhookWorker> logger,
        LocalDeliveryHandoff handoff,
        WebhookTelemetry? telemetry = null)
        : this(queue, processor, options, timeProvider, logger, telemetry)
    {
        _handoff = handoff;
    }

    private static readonly TimeSpan PruneEvery = TimeSpan.FromHours(1);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, byte> _held = new();
    private DateTimeOffset _lastPrune = DateTimeOffset.MinValue;

    /// <summary>This worker's name in <c>locked_by</c>.</summary>
    public string WorkerId { get; } = $"{Environment.ProcessId}/{Guid.NewGuid():N}@{Environment.MachineName}";

    /// <summary>Claims one batch, processes it and settles every delivery; returns how many were claimed.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var o = options.Value;
        var now = timeProvider.GetUtcNow();
        var claimed = await queue.ClaimAsync(WorkerId, o.BatchSize, now, now + o.Lease, cancellationToken);
        await ProcessAsync(claimed, cancellationToken);
        return claimed.Count;
    }

    /// <summary>Processes claimed deliveries with bounded concurrency and settles every one.</summary>
    private async Task ProcessAsync(IReadOnlyList<ClaimedDelivery> claimed, CancellationToken cancellationToken)
    {
        foreach (var delivery in claimed)
        {
            _held[delivery.Id] = 0;
        }

        try
        {
            await ProcessHeldAsync(claimed, cancellationToken);
        }
        finally
        {
            foreach (var delivery in claimed)
            {
                _held.TryRemove(delivery.Id, out _);
            }
        }
    }

    private async Task ProcessHeldAsync(IReadOnlyList<ClaimedDelivery> claimed, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var done = new System.Collections.Concurrent.ConcurrentBag<Guid>();
        await Parallel.ForEachAsync(
            claimed,
            new ParallelOptions { MaxDegreeOfParallelism = o.Concurrency, CancellationToken = cancellationToken },
            async (delivery, token) =>
            {
                using var activity = WebhookTelemetry.ActivitySource.StartActivity("bob.webhooks.process");
                activity?.SetTag("bob.webhook.source", delivery.Source);
                activity?.SetTag("bob.webhook.event", delivery.EventType);
                var started = timeProvider.GetTimestamp();
                if (delivery.ReceivedAt is { } receivedAt)
                {
                    _telemetry?.Lagged(delivery.Source, timeProvider.GetUtcNow() - receivedAt);
                }

                WebhookProcessingResult result;
                Exception? fault = null;
                try
                {
                    result = await processor.ProcessAsync(delivery, token);
                }
                catch (BobException ex) when (!token.IsCancellationRequested)
                {
                    // A failure of the suite says itself whether it passes: retried if transient, dead-lettered otherwise.
                    result = WebhookProcessingResult.For(ex, timeProvider.GetUtcNow());
                }
                catch (Exception ex) when (!token.IsCancellationRequested)
                {
                    // An exception is a fault of ours (or an outage nobody turned into a result), never the sender's: retried on
                    // the schedule and logged as an error; once fixed, a dead-lettered delivery is replayed by an admin.
                    fault = ex;
                    result = WebhookProcessingResult.Retry(Describe(ex));
                    activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.GetType().FullName);
                }

                _telemetry?.Processed(delivery.Source, fault is not null ? "error" : result.Outcome switch
                {
                    WebhookProcessingOutcome.Retry => "retry",
                    WebhookProcessingOutcome.DeadLetter => "dead_letter",
                    _ => "done",
                }, timeProvider.GetElapsedTime(started));
                switch (result.Outcome)
                {
                    case WebhookProcessingOutcome.DeadLetter:
                        LogInvalidPayload(logger, delivery.Source, delivery.EventType, delivery.DeliveryId, delivery.Id, result.Reason!);
                        await queue.FailAsync(delivery.Id, WorkerId, Describe(result.Reason!), null, CancellationToken.None);
                        return;
                    case WebhookProcessingOutcome.Retry:
                        // Past the last scheduled retry the delivery is dead-lettered, whatever time the result asked for.
                        var failures = delivery.Failures + 1;
                        var delay = RetrySchedule.NextDelay(failures, RandomNumberGenerator.GetInt32(int.MaxValue) / (double)int.MaxValue) is { } scheduled
                            ? result.RetryAfter ?? scheduled
                            : (TimeSpan?)null;
                        if (fault is not null)
                        {
                            LogFailed(logger, fault, delivery.Source, delivery.EventType, delivery.DeliveryId, delivery.Id, fault.GetType().FullName, failures, delay);
                        }
                        else
                        {
                            LogRetry(logger, delivery.Source, delivery.EventType, delivery.DeliveryId, delivery.Id, result.Reason!, failures, delay);
                        }

                        await queue.FailAsync(delivery.Id, WorkerId, Describe(result.Reason!), delay is { } after ? timeProvider.GetUtcNow() + after : null, CancellationToken.None);
                        return;
                }

                done.Add(delivery.Id);
            });

        // Settled in one statement, even if the host is stopping: the work is done.
        await queue.CompleteAsync(done, WorkerId, timeProvider.GetUtcNow(), CancellationToken.None);
    }

    /// <summary>
    /// Extends the lease of every delivery this worker holds (being processed, or waiting in memory) to a full
    /// <see cref="WebhookWorkerOptions.Lease"/> from now, in one statement; returns how many rows it renewed. The worker calls it
    /// every <see cref="WebhookWorkerOptions.HeartbeatInterval"/>, so a slow delivery is never taken by another worker while this
    /// one lives, and a short lease hands a dead host's deliveries to the others soon.
    /// </summary>
    public async Task<int> RenewLeasesAsync(CancellationToken cancellationToken = default)
    {
        var ids = _handoff is null ? _held.Keys.ToArray() : _held.Keys.Concat(_handoff.Waiting).Distinct().ToArray();
        return ids.Length == 0
            ? 0
            : await queue.RenewAsync(ids, WorkerId, timeProvider.GetUtcNow() + options.Value.Lease, cancellationToken);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.Enabled)
        {
            return;
        }

        LogStarted(logger, WorkerId, o.Concurrency);
        var local = Task.CompletedTask;
        if (_handoff is not null)
        {
            // At most a few batches wait in memory; beyond that deliveries are stored unleased for any worker.
            _handoff.Attach(WorkerId, o.BatchSize * 4);
            local = RunLocalAsync(_handoff, stoppingToken);
        }

        var heartbeat = RunHeartbeatAsync(o, stoppingToken);
        try
        {
            await RunClaimLoopAsync(o, stoppingToken);
        }
        finally
        {
            _handoff?.Detach();
            await heartbeat;
            try
            {
                await local;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // Stopping.
            }

            if (_handoff is not null)
            {
                await ReleaseUnprocessedAsync(_handoff);
            }
        }
    }

    private static string Describe(Exception ex) => Describe($"{ex.GetType().Name}: {ex.Message}");

    private static string Describe(string text) => text.Length <= 2000 ? text : text[..2000];

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook worker {WorkerId} started, concurrency {Concurrency}")]
    private static partial void LogStarted(ILogger logger, string workerId, int concurrency);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Source} {EventType} delivery {DeliveryId} (row {Id}) failed with {ExceptionType} (attempt {Failures}); retry in {Delay} (none: dead-lettered, replay it once fixed)")]
    private static partial void LogFailed(ILogger logger, Exception exception, string source, string eventType, string? deliveryId, Guid id, string? exceptionType, int failures, TimeSpan? delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Source} {EventType} delivery {DeliveryId} (row {Id}) will be retried (attempt {Failures}) in {Delay} (none: dead-lettered): {Reason}")]
    private static partial void LogRetry(ILogger logger, string source, string eventType, string? deliveryId, Guid id, string reason, int failures, TimeSpan? delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Source} {EventType} delivery {DeliveryId} (row {Id}) can never succeed and was dead-lettered: {Reason}")]
    private static partial void LogInvalidPayload(ILogger logger, string source, string eventType, string? deliveryId, Guid id, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook worker cannot reach the database; it tries again every second and logs again when it can claim")]
    private static partial void LogStoreAway(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook worker reaches the database again")]
    private static partial void LogStoreBack(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook worker loop error; retrying")]
    private static partial void LogLoopError(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook worker could not renew its leases; trying again at the next beat")]
    private static partial void LogHeartbeatFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pruned {Count} processed webhook deliveries")]
    private static partial void LogPruned(ILogger logger, int count);
}
