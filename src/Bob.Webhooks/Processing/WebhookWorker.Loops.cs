namespace Bob.Webhooks;

// The worker's loops: lease heartbeats, this host's own deliveries, claims from the store, pruning.
public partial class WebhookWorker
{
    private async Task RunHeartbeatAsync(WebhookWorkerOptions o, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(o.HeartbeatInterval, timeProvider, stoppingToken);
                await RenewLeasesAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // A missed beat is harmless while the next one comes before the lease ends.
                LogHeartbeatFailed(logger, ex);
            }
        }
    }

    /// <summary>Processes the deliveries this host's receivers stored leased to this worker, in batches as they come.</summary>
    private async Task RunLocalAsync(LocalDeliveryHandoff handoff, CancellationToken stoppingToken)
    {
        var o = options.Value;
        var batch = new List<ClaimedDelivery>(o.BatchSize);
        while (await handoff.Reader.WaitToReadAsync(stoppingToken))
        {
            batch.Clear();
            while (batch.Count < o.BatchSize && handoff.Reader.TryRead(out var delivery))
            {
                handoff.Taken(delivery.Id);
                batch.Add(delivery);
            }

            try
            {
                await ProcessAsync(batch, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // Unsettled deliveries keep their lease and are claimed from the store when it ends.
                LogLoopError(logger, ex);
            }
        }
    }

    /// <summary>Gives up the leases of deliveries still waiting in memory, so another worker takes them now, not after the lease.</summary>
    private async Task ReleaseUnprocessedAsync(LocalDeliveryHandoff handoff)
    {
        var left = new List<Guid>();
        while (handoff.Reader.TryRead(out var delivery))
        {
            handoff.Taken(delivery.Id);
            left.Add(delivery.Id);
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await queue.ReleaseAsync(left, WorkerId, timeout.Token);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The leases then simply run out.
            LogLoopError(logger, ex);
        }
    }

    /// <summary>Whether the claim loop's last try found the database away (read and written by that loop only).</summary>
    private bool _storeAway;

    private async Task RunClaimLoopAsync(WebhookWorkerOptions o, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var claimed = await RunOnceAsync(stoppingToken);
                if (_storeAway)
                {
                    _storeAway = false;
                    LogStoreBack(logger);
                }

                await PruneIfDueAsync(o, stoppingToken);
                if (claimed < o.BatchSize)
                {
                    await queue.WaitForDeliveryAsync(o.PollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // The database may be restarting; keep the loop alive and try again shortly. An outage is logged once, not per try.
                if (!Bob.Git.Abstractions.StoreOutage.IsUnavailable(ex))
                {
                    LogLoopError(logger, ex);
                }
                else if (!_storeAway)
                {
                    _storeAway = true;
                    LogStoreAway(logger, ex);
                }

                await Task.Delay(TimeSpan.FromSeconds(1), timeProvider, stoppingToken);
            }
        }
    }

    private async Task PruneIfDueAsync(WebhookWorkerOptions o, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        if (now - _lastPrune < PruneEvery)
        {
            return;
        }

        _lastPrune = now;
        var pruned = await queue.PruneAsync(now - o.Retention, 10_000, cancellationToken);
        if (pruned > 0)
        {
            LogPruned(logger, pruned);
        }
    }
}
