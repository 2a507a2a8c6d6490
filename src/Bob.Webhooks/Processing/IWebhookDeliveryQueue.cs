namespace Bob.Webhooks;

/// <summary>The worker's side of the delivery store: claim due rows under a lease, settle them, wait for new ones.</summary>
public interface IWebhookDeliveryQueue
{
    /// <summary>
    /// Claims up to <paramref name="maxCount"/> due deliveries (pending, past their retry time, unleased or with an expired lease)
    /// for <paramref name="workerId"/> until <paramref name="leaseUntil"/>, in one short statement that skips rows other workers hold.
    /// </summary>
    Task<IReadOnlyList<ClaimedDelivery>> ClaimAsync(string workerId, int maxCount, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default);

    /// <summary>Marks claimed deliveries processed, in one statement; rows whose lease was lost to another worker are left alone.</summary>
    Task CompleteAsync(IReadOnlyCollection<Guid> ids, string workerId, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// Extends to <paramref name="leaseUntil"/> the leases <paramref name="workerId"/> still holds on these deliveries (the worker's
    /// heartbeat); rows settled meanwhile or taken by another worker are left alone. Returns how many were renewed.
    /// </summary>
    Task<int> RenewAsync(IReadOnlyCollection<Guid> ids, string workerId, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default);

    /// <summary>Gives up this worker's leases on deliveries it will not process (it is stopping), so any worker can claim them at once.</summary>
    Task ReleaseAsync(IReadOnlyCollection<Guid> ids, string workerId, CancellationToken cancellationToken = default);

    /// <summary>Records a failed attempt: retry at <paramref name="retryAt"/>, or dead-letter it (<c>failed</c>) when that is <see langword="null"/>.</summary>
    Task FailAsync(Guid id, string workerId, string error, DateTimeOffset? retryAt, CancellationToken cancellationToken = default);

    /// <summary>Waits until a new delivery is announced or <paramref name="timeout"/> passes; returns whether one was announced.</summary>
    Task<bool> WaitForDeliveryAsync(TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>Deletes processed deliveries older than <paramref name="processedBefore"/>, at most <paramref name="maxCount"/>; returns how many.</summary>
    Task<int> PruneAsync(DateTimeOffset processedBefore, int maxCount, CancellationToken cancellationToken = default);
}
