using System.Threading.Channels;

namespace Bob.Webhooks;

/// <summary>
/// Passes deliveries this host has just stored to its own worker in memory. The receiver stores them already leased to
/// the worker (so no claim statement and no second read of the payload are needed), then publishes them here; a bounded
/// number wait at a time, and beyond that deliveries are stored unleased for any worker to claim from the store.
/// </summary>
internal sealed class LocalDeliveryHandoff
{
    private readonly Channel<ClaimedDelivery> _channel = Channel.CreateUnbounded<ClaimedDelivery>(new UnboundedChannelOptions { SingleReader = true });
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, byte> _waiting = new();
    private int _reserved;
    private int _capacity;
    private volatile string? _workerId;

    /// <summary>The deliveries waiting for the worker.</summary>
    public ChannelReader<ClaimedDelivery> Reader => _channel.Reader;

    /// <summary>Called by the worker when it starts taking local deliveries.</summary>
    public void Attach(string workerId, int capacity)
    {
        _capacity = capacity;
        _workerId = workerId;
    }

    /// <summary>Called by the worker when it stops; later deliveries are stored unleased.</summary>
    public void Detach() => _workerId = null;

    /// <summary>Reserves a place for one delivery; <see langword="null"/> when no local worker runs or it is full.</summary>
    public string? TryReserve()
    {
        var worker = _workerId;
        if (worker is null)
        {
            return null;
        }

        if (Interlocked.Increment(ref _reserved) > _capacity)
        {
            Interlocked.Decrement(ref _reserved);
            return null;
        }

        return worker;
    }

    /// <summary>Gives back a reservation that was not used (a duplicate, or a failed insert).</summary>
    public void Release() => Interlocked.Decrement(ref _reserved);

    /// <summary>The deliveries published and not yet taken: leased to the worker, so its heartbeat renews them too.</summary>
    public ICollection<Guid> Waiting => _waiting.Keys;

    /// <summary>Hands a stored, leased delivery to the worker.</summary>
    public void Publish(ClaimedDelivery delivery)
    {
        _waiting[delivery.Id] = 0;
        if (!_channel.Writer.TryWrite(delivery))
        {
            _waiting.TryRemove(delivery.Id, out _);
            Release(); // the channel is unbounded, so only a completed channel refuses; the lease then lapses
        }
    }

    /// <summary>Called by the worker for each delivery it takes, freeing its place.</summary>
    public void Taken(Guid id)
    {
        _waiting.TryRemove(id, out _);
        Interlocked.Decrement(ref _reserved);
    }
}
