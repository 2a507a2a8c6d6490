using System.Collections.Concurrent;
using Bob.Postgres;
using Bob.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Bob.Webhooks.Tests.Processing;

/// <summary>The worker against real PostgreSQL: leases, retries, dead letters, notifications and concurrent workers.</summary>
public sealed class WebhookWorkerTests : IAsyncLifetime
{
    private readonly PostgresDatabase _database = new();
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    public Task InitializeAsync() => _database.InitializeAsync();

    public Task DisposeAsync() => _database.DisposeAsync();

    private PostgresWebhookDeliveryQueue Queue() => new(_database.DataSource);

    private WebhookWorker Worker(IWebhookProcessor processor, PostgresWebhookDeliveryQueue? queue = null, int batch = 32, TimeSpan? lease = null) => new(
        queue ?? Queue(),
        processor,
        Options.Create(new WebhookWorkerOptions { BatchSize = batch, Concurrency = 4, Lease = lease ?? TimeSpan.FromMinutes(2) }),
        _clock,
        NullLogger<WebhookWorker>.Instance);

    private async Task<Guid> StoreAsync(string delivery = "") =>
        (await new PostgresWebhookDeliveryStore(_database.DataSource).StoreAsync(new WebhookDelivery(
            "github", delivery.Length > 0 ? delivery : Guid.NewGuid().ToString(), "ping", null, new Dictionary<string, string>(), "{\"zen\":\"x\"}"u8.ToArray()))).Id;

    private async Task<(string Status, int Retries, DateTime? NextRetry, string? Error)> RowAsync(Guid id)
    {
        await using var command = _database.DataSource.CreateCommand("SELECT status, retry_count, next_retry_at, error_message FROM webhook_deliveries WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetString(0), reader.GetInt32(1), reader.IsDBNull(2) ? null : reader.GetDateTime(2), reader.IsDBNull(3) ? null : reader.GetString(3));
    }

    [Fact]
    public async Task RunOnce_ProcessesAndMarksProcessed()
    {
        var id = await StoreAsync();
        var processor = new RecordingProcessor();

        Assert.Equal(1, await Worker(processor).RunOnceAsync());

        Assert.Equal([id], processor.Seen);
        Assert.Equal("processed", (await RowAsync(id)).Status);
        Assert.Equal(0, await Worker(processor).RunOnceAsync());
    }

    [Fact]
    public async Task FailingProcessor_RetriesOnScheduleThenDeadLetters()
    {
        var id = await StoreAsync();
        var worker = Worker(new RecordingProcessor { FailWith = "provider exploded" });

        await worker.RunOnceAsync();
        var first = await RowAsync(id);
        Assert.Equal(("pending", 1), (first.Status, first.Retries));
        var delay = first.NextRetry!.Value - _clock.GetUtcNow().UtcDateTime;
        Assert.InRange(delay.TotalSeconds, 3.9, 6.1);
        Assert.Equal(0, await worker.RunOnceAsync());

        for (var attempt = 2; attempt <= RetrySchedule.MaxAttempts; attempt++)
        {
            _clock.Advance(TimeSpan.FromHours(15));
            Assert.Equal(1, await worker.RunOnceAsync());
        }

        var dead = await RowAsync(id);
        Assert.Equal("failed", dead.Status);
        Assert.Equal(RetrySchedule.MaxAttempts, dead.Retries);
        Assert.Contains("provider exploded", dead.Error, StringComparison.Ordinal);
        _clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(0, await worker.RunOnceAsync());
    }

    [Fact]
    public async Task ProcessingDurationAndQueueLag_AreMeasured_PerOutcome()
    {
        await StoreAsync();
        await StoreAsync();
        using var meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var telemetry = new WebhookTelemetry(meters.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        using var durations = new Microsoft.Extensions.Diagnostics.Metrics.Testing.MetricCollector<double>(telemetry.Meter, "bob.webhooks.processing.duration");
        using var lags = new Microsoft.Extensions.Diagnostics.Metrics.Testing.MetricCollector<double>(telemetry.Meter, "bob.webhooks.queue.lag");
        var worker = new WebhookWorker(Queue(), new RecordingProcessor { Result = WebhookProcessingResult.Retry("provider unavailable") },
            Options.Create(new WebhookWorkerOptions()), _clock, NullLogger<WebhookWorker>.Instance, telemetry);

        Assert.Equal(2, await worker.RunOnceAsync());

        Assert.Equal(2, durations.GetMeasurementSnapshot().Count(m => m.Tags["bob.webhook.outcome"] is "retry" && m.Tags["bob.webhook.source"] is "github"));
        Assert.Equal(2, lags.GetMeasurementSnapshot().Count);
    }

    [Fact]
    public async Task DeadLetterResult_IsFailedAtOnce_WithItsReason()
    {
        var id = await StoreAsync();

        await Worker(new RecordingProcessor { Result = WebhookProcessingResult.DeadLetter("'number' must be a number from 1") }).RunOnceAsync();

        var row = await RowAsync(id);
        Assert.Equal(("failed", 1, "'number' must be a number from 1"), (row.Status, row.Retries, row.Error));
    }

    [Fact]
    public async Task RetryResult_WithATime_IsTriedAgainThen_NotOnTheSchedule()
    {
        var id = await StoreAsync();

        await Worker(new RecordingProcessor { Result = WebhookProcessingResult.Retry("rate limited", TimeSpan.FromMinutes(17)) }).RunOnceAsync();

        var row = await RowAsync(id);
        Assert.Equal(("pending", 1, "rate limited"), (row.Status, row.Retries, row.Error));
        Assert.Equal((_clock.GetUtcNow() + TimeSpan.FromMinutes(17)).UtcDateTime, row.NextRetry!.Value, TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task AnExceptionFromTheProcessor_IsABug_RetriedAndLoggedAsAnErrorNamingDeliveryEventAndType()
    {
        var id = await StoreAsync("delivery-with-a-bug");
        using var logs = new Bob.Testing.CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        var worker = new WebhookWorker(Queue(), new RecordingProcessor { FailWith = "Cannot write DateTimeOffset with Offset=02:00:00" },
            Options.Create(new WebhookWorkerOptions()), _clock, factory.CreateLogger<WebhookWorker>());

        await worker.RunOnceAsync();

        Assert.Equal("pending", (await RowAsync(id)).Status);
        var line = Assert.Single(logs.Lines, l => l.Contains(" Error: ", StringComparison.Ordinal));
        Assert.Contains("delivery-with-a-bug", line, StringComparison.Ordinal);
        Assert.Contains("ping", line, StringComparison.Ordinal);
        Assert.Contains("System.InvalidOperationException", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CrashedWorkersClaim_IsTakenAgainAfterTheLease()
    {
        var id = await StoreAsync();
        var now = _clock.GetUtcNow();
        var crashed = await Queue().ClaimAsync("crashed-worker", 10, now, now + TimeSpan.FromMinutes(2));
        Assert.Single(crashed);
        var processor = new RecordingProcessor();
        var survivor = Worker(processor);

        Assert.Equal(0, await survivor.RunOnceAsync());
        _clock.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await survivor.RunOnceAsync());

        Assert.Equal([id], processor.Seen);
        Assert.Equal("processed", (await RowAsync(id)).Status);

        // The crashed worker coming back cannot settle a row it no longer holds.
        await Queue().FailAsync(id, "crashed-worker", "late", null);
        Assert.Equal("processed", (await RowAsync(id)).Status);
    }

    [Fact]
    public async Task SlowButLiveWorker_RenewingItsLease_NeverLosesTheDelivery_ToAnotherWorker()
    {
        var id = await StoreAsync();
        var lease = new WebhookWorkerOptions().Lease;
        var release = new TaskCompletionSource();
        var slow = new RecordingProcessor { WaitFor = release.Task };
        var live = Worker(slow, lease: lease);
        var other = new RecordingProcessor();
        var otherWorker = Worker(other, lease: lease);

        var running = live.RunOnceAsync();
        await slow.Started.Task;

        // Five leases pass while the delivery is processed; the heartbeat renews at every quarter of one.
        var renewed = 0;
        for (var beat = 0; beat < 20; beat++)
        {
            _clock.Advance(new WebhookWorkerOptions { Lease = lease }.HeartbeatInterval);
            renewed += await live.RenewLeasesAsync();
            Assert.Equal(0, await otherWorker.RunOnceAsync());
        }

        release.SetResult();
        Assert.Equal(1, await running);

        Assert.Equal(20, renewed);
        Assert.Equal([id], slow.Seen);
        Assert.Empty(other.Seen);
        Assert.Equal("processed", (await RowAsync(id)).Status);
        Assert.Equal(0, await live.RenewLeasesAsync()); // nothing held once settled
    }

    [Fact]
    public async Task DeliveriesWaitingInMemory_HaveTheirLeasesRenewed_ByTheHeartbeat()
    {
        var handoff = new LocalDeliveryHandoff();
        var worker = new WebhookWorker(Queue(), new RecordingProcessor(), Options.Create(new WebhookWorkerOptions()), _clock, NullLogger<WebhookWorker>.Instance, handoff);
        handoff.Attach(worker.WorkerId, 10);
        var now = _clock.GetUtcNow();
        var body = "{\"ref\":\"refs/heads/main\"}"u8.ToArray();
        var (id, _) = await new PostgresWebhookDeliveryStore(_database.DataSource).StoreAsync(new WebhookDelivery(
            "github", Guid.NewGuid().ToString(), "push", null, new Dictionary<string, string>(), body,
            NeedsProcessing: true, Claim: new WebhookClaim(handoff.TryReserve()!, now + new WebhookWorkerOptions().Lease)));
        handoff.Publish(new ClaimedDelivery(id, "github", "push", null, body, 0));

        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, await worker.RenewLeasesAsync());

        await using var command = _database.DataSource.CreateCommand("SELECT locked_until FROM webhook_deliveries WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        Assert.Equal((_clock.GetUtcNow() + new WebhookWorkerOptions().Lease).UtcDateTime, (DateTime)(await command.ExecuteScalarAsync())!, TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task QueueTimes_InAnyOffset_AreTheSameInstants()
    {
        var id = await StoreAsync();
        var queue = Queue();
        var now = _clock.GetUtcNow().ToOffset(TimeSpan.FromHours(2));

        var claimed = await queue.ClaimAsync("offset-worker", 10, now, now.ToOffset(TimeSpan.FromHours(-4)) + TimeSpan.FromMinutes(1));
        Assert.Equal(1, await queue.RenewAsync([id], "offset-worker", now.ToOffset(TimeSpan.FromHours(14)) + TimeSpan.FromMinutes(2)));
        await queue.FailAsync(id, "offset-worker", "retry later", now.ToOffset(TimeSpan.FromHours(5.5)) + TimeSpan.FromMinutes(5));

        Assert.Equal([id], claimed.Select(c => c.Id));
        Assert.Equal((now + TimeSpan.FromMinutes(5)).UtcDateTime, (await RowAsync(id)).NextRetry!.Value, TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task DeadHostsDeliveries_ArePickedUpWithin30Seconds_WithTheDefaults()
    {
        var defaults = new WebhookWorkerOptions();
        Assert.True(defaults.Lease + defaults.PollInterval <= TimeSpan.FromSeconds(30), $"{defaults.Lease} + {defaults.PollInterval}");
        var id = await StoreAsync();
        var now = _clock.GetUtcNow();
        Assert.Single(await Queue().ClaimAsync("dead-host", 10, now, now + defaults.Lease));
        var processor = new RecordingProcessor();
        var survivor = Worker(processor, lease: defaults.Lease);

        _clock.Advance(defaults.Lease - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await survivor.RunOnceAsync());
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, await survivor.RunOnceAsync());

        Assert.Equal([id], processor.Seen);
    }

    [Fact]
    public async Task ADeliveryLeasedInItsInsert_IsNotClaimedByOthers_UntilReleased()
    {
        var now = _clock.GetUtcNow();
        var (id, _) = await new PostgresWebhookDeliveryStore(_database.DataSource).StoreAsync(new WebhookDelivery(
            "github", Guid.NewGuid().ToString(), "push", null, new Dictionary<string, string>(), "{\"ref\":\"refs/heads/main\"}"u8.ToArray(),
            NeedsProcessing: true, Claim: new WebhookClaim("storing-host-worker", now + TimeSpan.FromMinutes(2))));
        var processor = new RecordingProcessor();
        var other = Worker(processor);

        var beforeRelease = await other.RunOnceAsync();
        await Queue().ReleaseAsync([id], "storing-host-worker");
        var afterRelease = await other.RunOnceAsync();

        Assert.Equal((0, 1), (beforeRelease, afterRelease));
        Assert.Equal([id], processor.Seen);
        Assert.Equal("processed", (await RowAsync(id)).Status);
    }

    [Fact]
    public async Task TwoWorkers_NeverProcessADeliveryTwice()
    {
        for (var i = 0; i < 120; i++)
        {
            await StoreAsync();
        }

        var processor = new RecordingProcessor { Delay = TimeSpan.FromMilliseconds(2) };
        var a = Worker(processor, batch: 10);
        var b = Worker(processor, batch: 10);

        async Task DrainAsync(WebhookWorker worker)
        {
            while (await worker.RunOnceAsync() > 0)
            {
            }
        }

        await Task.WhenAll(DrainAsync(a), DrainAsync(b));

        Assert.Equal(120, processor.Seen.Count);
        Assert.Equal(120, processor.Seen.Distinct().Count());
    }

    [Fact]
    public async Task WaitForDelivery_WakesOnInsert_AndTimesOutWithout()
    {
        await using var queue = Queue();
        Assert.False(await queue.WaitForDeliveryAsync(TimeSpan.FromMilliseconds(100)));

        var waiting = queue.WaitForDeliveryAsync(TimeSpan.FromSeconds(30));
        await Task.Delay(200);
        await StoreAsync();

        Assert.True(await waiting);
    }

    [Fact]
    public async Task Prune_RemovesOnlyOldProcessedRows()
    {
        var old = await StoreAsync();
        var pending = await StoreAsync("still-pending");
        await using (var command = _database.DataSource.CreateCommand(
            "UPDATE webhook_deliveries SET status = 'processed', processed_at = now() - interval '30 days' WHERE id = @id"))
        {
            command.Parameters.AddWithValue("id", old);
            await command.ExecuteNonQueryAsync();
        }

        var pruned = await Queue().PruneAsync(DateTimeOffset.UtcNow - TimeSpan.FromDays(14), 100);

        Assert.Equal(1, pruned);
        Assert.Equal("pending", (await RowAsync(pending)).Status);
    }

    private sealed class RecordingProcessor : IWebhookProcessor
    {
        public ConcurrentBag<Guid> Seen { get; } = [];

        public string? FailWith { get; init; }

        public TimeSpan Delay { get; init; }

        public Task? WaitFor { get; init; }

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Handles(string source, string eventType) => true;

        public async Task<WebhookProcessingResult> ProcessAsync(ClaimedDelivery delivery, CancellationToken cancellationToken = default)
        {
            Seen.Add(delivery.Id);
            Started.TrySetResult();
            if (WaitFor is not null)
            {
                await WaitFor;
            }

            if (Delay > TimeSpan.Zero)
            {
                await Task.Delay(Delay, cancellationToken);
            }

            if (FailWith is not null)
            {
                throw new InvalidOperationException(FailWith);
            }

            return Result;
        }

        public WebhookProcessingResult Result { get; init; } = WebhookProcessingResult.Done;
    }
}
