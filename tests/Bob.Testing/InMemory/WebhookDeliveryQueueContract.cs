using System.Text;
using Bob.Webhooks;

namespace Bob.Testing;

/// <summary>
/// What every webhook delivery table must do as <see cref="IWebhookDeliveryStore"/>, <see cref="IWebhookDeliveryQueue"/>
/// and <see cref="IWebhookDeliveryAdmin"/>, run against each implementation (PostgreSQL in <c>Bob.Postgres.Tests</c>,
/// <see cref="InMemoryWebhookDeliveries"/> in <c>Bob.Webhooks.Tests</c>): stored once per source and delivery id or replay
/// key; claimed oldest first under a lease that only its worker renews or settles; retried when due; dead-lettered,
/// listed and replayed; pruned once processed. Each test has its own source, so tests sharing a table do not meet.
/// </summary>
public abstract class WebhookDeliveryQueueContract
{
    /// <summary>The store.</summary>
    protected abstract IWebhookDeliveryStore Store { get; }

    /// <summary>The queue over the same rows.</summary>
    protected abstract IWebhookDeliveryQueue Queue { get; }

    /// <summary>The admin view of the same rows.</summary>
    protected abstract IWebhookDeliveryAdmin Admin { get; }

    private readonly string _source = "c" + Guid.NewGuid().ToString("N")[..12];

    private static DateTimeOffset Now => DateTimeOffset.UtcNow;

    private WebhookDelivery Delivery(string? id = null, bool needsProcessing = true, WebhookClaim? claim = null, byte[]? replayKey = null) =>
        new(_source, id ?? Guid.NewGuid().ToString(), "push", "created", new Dictionary<string, string> { ["x-event"] = "push" }, Encoding.UTF8.GetBytes("""{"n":1}"""), needsProcessing, claim, replayKey);

    private async Task<IReadOnlyList<ClaimedDelivery>> ClaimMineAsync(string worker, DateTimeOffset now, TimeSpan? lease = null) =>
        [.. (await Queue.ClaimAsync(worker, 1000, now, now + (lease ?? TimeSpan.FromMinutes(1)))).Where(d => d.Source == _source)];

    [Fact]
    public async Task ADelivery_IsStoredOncePerDeliveryIdOrReplayKey()
    {
        var (id, stored) = await Store.StoreAsync(Delivery("d-1"));
        var (again, storedAgain) = await Store.StoreAsync(Delivery("d-1"));
        var (byKey, _) = await Store.StoreAsync(Delivery("d-2", replayKey: [1, 2, 3]));
        var (byKeyAgain, storedByKeyAgain) = await Store.StoreAsync(Delivery("d-3", replayKey: [1, 2, 3]));

        Assert.Equal((true, false, id), (stored, storedAgain, again));
        Assert.Equal((byKey, false), (byKeyAgain, storedByKeyAgain));
        Assert.Equal(2, (await ClaimMineAsync("w1", Now)).Count);
    }

    [Fact]
    public async Task Deliveries_AreClaimedOldestFirst_WithTheirPayload_AndNotTwiceWhileLeased()
    {
        var (first, _) = await Store.StoreAsync(Delivery());
        var (second, _) = await Store.StoreAsync(Delivery());
        await Store.StoreAsync(Delivery(needsProcessing: false));

        var claimed = await ClaimMineAsync("w1", Now);
        var meanwhile = await ClaimMineAsync("w2", Now);
        var afterTheLease = await ClaimMineAsync("w2", Now.AddMinutes(2));

        Assert.Equal([first, second], claimed.Select(d => d.Id));
        Assert.Equal(("push", """{"n":1}""", 0), (claimed[0].EventType, Encoding.UTF8.GetString(claimed[0].Payload.Span).Replace(" ", "", StringComparison.Ordinal), claimed[0].Failures));
        Assert.Empty(meanwhile);
        Assert.Equal([first, second], afterTheLease.Select(d => d.Id));
    }

    [Fact]
    public async Task ADeliveryStoredLeasedToItsWorker_IsNotClaimedByOthersUntilTheLeaseEnds()
    {
        var (id, _) = await Store.StoreAsync(Delivery(claim: new WebhookClaim("receiver", Now.AddMinutes(1))));

        Assert.Empty(await ClaimMineAsync("w2", Now));
        Assert.Equal([id], (await ClaimMineAsync("w2", Now.AddMinutes(2))).Select(d => d.Id));
    }

    [Fact]
    public async Task OnlyTheLeasingWorker_CompletesRenewsOrReleases()
    {
        var (id, _) = await Store.StoreAsync(Delivery());
        await ClaimMineAsync("w1", Now);

        Assert.Equal(0, await Queue.RenewAsync([id], "w2", Now.AddMinutes(5)));
        await Queue.CompleteAsync([id], "w2", Now);
        Assert.Equal(1, await Queue.RenewAsync([id], "w1", Now.AddMinutes(5)));
        Assert.Empty(await ClaimMineAsync("w3", Now.AddMinutes(2))); // renewed past this
        await Queue.ReleaseAsync([id], "w1");
        Assert.Equal([id], (await ClaimMineAsync("w3", Now)).Select(d => d.Id));
        await Queue.CompleteAsync([id], "w3", Now);
        Assert.Contains(await Admin.ListAsync("processed", 1000), d => d.Id == id);
        Assert.Empty(await ClaimMineAsync("w4", Now.AddHours(1)));
    }

    [Fact]
    public async Task AFailureWithARetryTime_IsClaimedAgainWhenDue_CountingIt()
    {
        var (id, _) = await Store.StoreAsync(Delivery());
        await ClaimMineAsync("w1", Now);

        await Queue.FailAsync(id, "w1", "GitHub answered 502", Now.AddMinutes(5));

        Assert.Empty(await ClaimMineAsync("w2", Now.AddMinutes(4)));
        var again = Assert.Single(await ClaimMineAsync("w2", Now.AddMinutes(6)));
        Assert.Equal((id, 1), (again.Id, again.Failures));
        var pending = Assert.Single(await Admin.ListAsync("pending", 1000), d => d.Id == id);
        Assert.Equal(("GitHub answered 502", 1), (pending.ErrorMessage, pending.RetryCount));
    }

    [Fact]
    public async Task ADeadLetter_IsListedWithItsReason_AndAReplayMakesItDueAgain()
    {
        var (id, _) = await Store.StoreAsync(Delivery());
        await ClaimMineAsync("w1", Now);

        await Queue.FailAsync(id, "w1", "'number' must be a number", null);

        Assert.Empty(await ClaimMineAsync("w2", Now.AddDays(1)));
        var failed = Assert.Single(await Admin.ListAsync("failed", 1000), d => d.Id == id);
        Assert.Equal((_source, "push", "created", "'number' must be a number"), (failed.Provider, failed.EventType, failed.Action, failed.ErrorMessage));
        Assert.True(await Admin.ReplayAsync(id));
        Assert.False(await Admin.ReplayAsync(id)); // pending already
        Assert.False(await Admin.ReplayAsync(Guid.NewGuid()));
        var replayed = Assert.Single(await ClaimMineAsync("w2", Now));
        Assert.Equal((id, 0), (replayed.Id, replayed.Failures));
    }

    [Fact]
    public async Task ProcessedDeliveries_ArePruned_OnceOldEnough()
    {
        var (id, _) = await Store.StoreAsync(Delivery(needsProcessing: false));

        await Queue.PruneAsync(Now.AddDays(-1), 100_000); // processed just now: younger than that
        Assert.Contains(await Admin.ListAsync("processed", 1000), d => d.Id == id);
        Assert.True(await Queue.PruneAsync(Now.AddMinutes(1), 100_000) >= 1);
        Assert.DoesNotContain(await Admin.ListAsync("processed", 1000), d => d.Id == id);
    }

    [Fact]
    public async Task AWaitingWorker_IsWokenByAStoredDelivery()
    {
        var waiting = Queue.WaitForDeliveryAsync(TimeSpan.FromSeconds(30));
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!waiting.IsCompleted && DateTime.UtcNow < deadline)
        {
            await Store.StoreAsync(Delivery()); // until the listener is in place and hears one
            await Task.WhenAny(waiting, Task.Delay(100));
        }

        Assert.True(await waiting);
    }
}
