using Bob.Webhooks;

namespace Bob.Testing;

/// <summary>
/// The webhook delivery table in memory, as <see cref="IWebhookDeliveryStore"/>, <see cref="IWebhookDeliveryQueue"/> and
/// <see cref="IWebhookDeliveryAdmin"/>, with the PostgreSQL stores' contract (<see cref="WebhookDeliveryQueueContract"/>
/// runs against both): a delivery stored once per source and delivery id (or replay key), claimed oldest first under a
/// lease only its worker settles, retried when due, dead-lettered, replayed and pruned. Thread-safe.
/// </summary>
public sealed class InMemoryWebhookDeliveries(TimeProvider? timeProvider = null) : IWebhookDeliveryStore, IWebhookDeliveryQueue, IWebhookDeliveryAdmin
{
    private readonly Lock _gate = new();
    private readonly List<Row> _rows = [];
    private readonly SemaphoreSlim _signal = new(0);

    /// <inheritdoc />
    public Task<IReadOnlySet<string>> FindHeldAsync(string source, IReadOnlyCollection<string> deliveryIds, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlySet<string> held = _rows.Where(r => r.Source == source && deliveryIds.Contains(r.DeliveryId)).Select(r => r.DeliveryId).ToHashSet(StringComparer.Ordinal);
            return Task.FromResult(held);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<WebhookHourlyCount>> CountByHourAsync(DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<WebhookHourlyCount> counts = [.. _rows
                .Where(r => r.ReceivedAt >= since)
                .GroupBy(r => (r.Source, Hour: new DateTimeOffset(r.ReceivedAt.UtcDateTime.Year, r.ReceivedAt.UtcDateTime.Month, r.ReceivedAt.UtcDateTime.Day, r.ReceivedAt.UtcDateTime.Hour, 0, 0, TimeSpan.Zero)))
                .OrderBy(g => g.Key.Hour).ThenBy(g => g.Key.Source, StringComparer.Ordinal)
                .Select(g => new WebhookHourlyCount(g.Key.Source, g.Key.Hour, g.Count(), g.Count(r => r.Status == "failed" || r.RetryCount > 0)))];
            return Task.FromResult(counts);
        }
    }

    /// <summary>When the last delivery verified with hook <paramref name="hookId"/>'s secret arrived (what the PostgreSQL store reads for a hook).</summary>
    public DateTimeOffset? LastDeliveryOf(Guid hookId)
    {
        lock (_gate)
        {
            return _rows.Where(r => r.HookId == hookId).Select(r => (DateTimeOffset?)r.ReceivedAt).Max();
        }
    }

    /// <inheritdoc />
    public Task<(Guid Id, bool Stored)> StoreAsync(WebhookDelivery delivery, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        lock (_gate)
        {
            var existing = _rows.FirstOrDefault(r => r.Source == delivery.Source
                && (r.DeliveryId == delivery.DeliveryId || (delivery.ReplayKey is not null && r.ReplayKey is not null && r.ReplayKey.AsSpan().SequenceEqual(delivery.ReplayKey))));
            if (existing is not null)
            {
                return Task.FromResult((existing.Id, false));
            }

            var now = InMemoryClock.Next(timeProvider);
            var row = new Row(Guid.NewGuid(), delivery.Source, delivery.DeliveryId, delivery.EventType, delivery.Action, delivery.Payload.ToArray(), delivery.ReplayKey, now)
            {
                Status = delivery.NeedsProcessing ? "pending" : "processed",
                ProcessedAt = delivery.NeedsProcessing ? null : now,
                LockedBy = delivery.Claim?.WorkerId,
                LockedUntil = delivery.Claim?.LeaseUntil,
                HookId = delivery.HookId,
            };
            _rows.Add(row);
            if (delivery.NeedsProcessing && delivery.Claim is null)
            {
                _signal.Release();
            }

            return Task.FromResult((row.Id, true));
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ClaimedDelivery>> ClaimAsync(string workerId, int maxCount, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var due = _rows.Where(r => r.Status == "pending" && (r.NextRetryAt is null || r.NextRetryAt <= now) && (r.LockedUntil is null || r.LockedUntil < now))
                .OrderBy(r => r.ReceivedAt).ThenBy(r => r.Id.ToString("N"), StringComparer.Ordinal).Take(maxCount).ToList();
            foreach (var row in due)
            {
                row.LockedBy = workerId;
                row.LockedUntil = leaseUntil;
            }

            return Task.FromResult<IReadOnlyList<ClaimedDelivery>>([.. due.Select(r => new ClaimedDelivery(r.Id, r.Source, r.EventType, r.DeliveryId, r.Payload, r.RetryCount, r.ReceivedAt))]);
        }
    }

    /// <inheritdoc />
    public Task CompleteAsync(IReadOnlyCollection<Guid> ids, string workerId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        Settle(ids, workerId, row =>
        {
            row.Status = "processed";
            row.ProcessedAt = now;
            row.ErrorMessage = null;
            row.NextRetryAt = null;
        });
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<int> RenewAsync(IReadOnlyCollection<Guid> ids, string workerId, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        lock (_gate)
        {
            var renewed = 0;
            foreach (var row in _rows.Where(r => ids.Contains(r.Id) && r.LockedBy == workerId && r.Status == "pending" && r.LockedUntil < leaseUntil))
            {
                row.LockedUntil = leaseUntil;
                renewed++;
            }

            return Task.FromResult(renewed);
        }
    }

    /// <inheritdoc />
    public Task ReleaseAsync(IReadOnlyCollection<Guid> ids, string workerId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        Settle(ids, workerId, _ => { });
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task FailAsync(Guid id, string workerId, string error, DateTimeOffset? retryAt, CancellationToken cancellationToken = default)
    {
        Settle([id], workerId, row =>
        {
            row.RetryCount++;
            row.Status = retryAt is null ? "failed" : "pending";
            row.NextRetryAt = retryAt;
            row.ErrorMessage = error;
        });
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<bool> WaitForDeliveryAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        await _signal.WaitAsync(timeout, cancellationToken);

    /// <inheritdoc />
    public Task<int> PruneAsync(DateTimeOffset processedBefore, int maxCount, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var old = _rows.Where(r => r.Status == "processed" && r.ProcessedAt < processedBefore).Take(maxCount).ToList();
            old.ForEach(r => _rows.Remove(r));
            return Task.FromResult(old.Count);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<WebhookDeliverySummary>> ListAsync(string status, int limit, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<WebhookDeliverySummary>>([.. _rows.Where(r => r.Status == status)
                .OrderByDescending(r => r.ReceivedAt).ThenBy(r => r.Id.ToString("N"), StringComparer.Ordinal).Take(limit)
                .Select(r => new WebhookDeliverySummary(r.Id, r.Source, r.DeliveryId, r.EventType, r.Action, r.Status, r.RetryCount, r.ErrorMessage, r.NextRetryAt, r.ReceivedAt))]);
        }
    }

    /// <inheritdoc />
    public Task<bool> ReplayAsync(Guid id, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_rows.FirstOrDefault(r => r.Id == id && r.Status is "failed" or "processed") is not { } row)
            {
                return Task.FromResult(false);
            }

            row.Status = "pending";
            row.RetryCount = 0;
            row.NextRetryAt = null;
            row.ErrorMessage = null;
            row.LockedBy = null;
            row.LockedUntil = null;
            row.ProcessedAt = null;
            _signal.Release();
            return Task.FromResult(true);
        }
    }

    private void Settle(IEnumerable<Guid> ids, string workerId, Action<Row> change)
    {
        lock (_gate)
        {
            foreach (var row in _rows.Where(r => ids.Contains(r.Id) && r.LockedBy == workerId && r.Status == "pending"))
            {
                change(row);
                row.LockedBy = null;
                row.LockedUntil = null;
            }
        }
    }

    private sealed record Row(Guid Id, string Source, string DeliveryId, string EventType, string? Action, byte[] Payload, byte[]? ReplayKey, DateTimeOffset ReceivedAt)
    {
        public Guid? HookId { get; init; }

        public string Status { get; set; } = "pending";

        public int RetryCount { get; set; }

        public DateTimeOffset? NextRetryAt { get; set; }

        public DateTimeOffset? ProcessedAt { get; set; }

        public string? ErrorMessage { get; set; }

        public string? LockedBy { get; set; }

        public DateTimeOffset? LockedUntil { get; set; }
    }
}
