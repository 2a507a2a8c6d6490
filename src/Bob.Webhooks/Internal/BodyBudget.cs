using System.Buffers;

namespace Bob.Webhooks.Internal;

/// <summary>
/// How many bytes of bodies whose signature is not yet proven may be held at once, across all requests, and the private
/// pool their 64 KB parts come from. A body is only known to be signed once it was read whole, so a forged but well-formed
/// signature on 25 MiB bodies would otherwise make the host hold every such body at once; with the budget, memory stays
/// within it and is reused. A request with a Content-Length reserves it all at once (so none waits holding a part), waiting a
/// little for room; a chunked one reserves part by part and never waits.
/// </summary>
internal sealed class BodyBudget
{
    /// <summary>The size of a body part.</summary>
    public const int PartSize = 64 * 1024;

    private readonly Lock _gate = new();
    private long _available;
    private TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public BodyBudget(long bytes)
    {
        Capacity = bytes;
        _available = bytes;
        Pool = ArrayPool<byte>.Create(PartSize, (int)Math.Max(1, bytes / PartSize));
    }

    /// <summary>The budget in bytes.</summary>
    public long Capacity { get; }

    /// <summary>Where body parts are rented: at most the budget's worth is ever kept.</summary>
    public ArrayPool<byte> Pool { get; }

    /// <summary>Reserves <paramref name="bytes"/> now, or not at all.</summary>
    public bool TryReserve(long bytes)
    {
        lock (_gate)
        {
            if (_available < bytes)
            {
                return false;
            }

            _available -= bytes;
            return true;
        }
    }

    /// <summary>Reserves <paramref name="bytes"/>, waiting up to <paramref name="wait"/> for other requests to release room.</summary>
    public async Task<bool> ReserveAsync(long bytes, TimeSpan wait, CancellationToken cancellationToken)
    {
        if (bytes > Capacity)
        {
            return false;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(wait);
        while (true)
        {
            Task released;
            lock (_gate)
            {
                if (_available >= bytes)
                {
                    _available -= bytes;
                    return true;
                }

                released = _released.Task;
            }

            try
            {
                await released.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }
    }

    /// <summary>Gives back room reserved earlier.</summary>
    public void Release(long bytes)
    {
        if (bytes == 0)
        {
            return;
        }

        TaskCompletionSource released;
        lock (_gate)
        {
            _available += bytes;
            released = _released;
            _released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        released.TrySetResult();
    }
}
