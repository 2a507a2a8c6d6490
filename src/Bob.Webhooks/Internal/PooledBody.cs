namespace Bob.Webhooks.Internal;

/// <summary>
/// A request body kept as it is read, in 64 KB parts from the <see cref="BodyBudget"/>'s pool, within its budget: the body is
/// read straight into the parts, and no array the size of the largest body ever sits in a pool afterwards.
/// <see cref="Dispose"/> gives the parts and the reserved room back.
/// </summary>
internal sealed class PooledBody(BodyBudget budget, long reserved) : IDisposable
{
    private const int PartSize = BodyBudget.PartSize;
    private readonly List<byte[]> _parts = [];
    private int _used = PartSize;
    private long _reserved = reserved;

    /// <summary>The room to reserve up front for a body of <paramref name="length"/> bytes: whole parts.</summary>
    public static long RoomFor(long length) => (length + PartSize - 1) / PartSize * PartSize;

    /// <summary>How many bytes were read in.</summary>
    public long Length { get; private set; }

    /// <summary>
    /// The free space of the current part to read into, renting a new part when it is full (within what was reserved up front,
    /// else reserving one more part, never waiting); <see langword="false"/> when the budget has no room.
    /// </summary>
    public bool TryGetSpace(out Memory<byte> space)
    {
        if (_used == PartSize)
        {
            if ((_parts.Count + 1L) * PartSize > _reserved)
            {
                if (!budget.TryReserve(PartSize))
                {
                    space = default;
                    return false;
                }

                _reserved += PartSize;
            }

            _parts.Add(budget.Pool.Rent(PartSize));
            _used = 0;
        }

        space = _parts[^1].AsMemory(_used, PartSize - _used);
        return true;
    }

    /// <summary>Records that <paramref name="count"/> bytes were read into the space <see cref="TryGetSpace"/> gave.</summary>
    public void Advance(int count)
    {
        _used += count;
        Length += count;
    }

    /// <summary>The body in one array of exactly its length, owned by the caller.</summary>
    public byte[] ToArray()
    {
        var array = GC.AllocateUninitializedArray<byte>(checked((int)Length));
        var offset = 0;
        foreach (var part in _parts)
        {
            var take = (int)Math.Min(PartSize, Length - offset);
            part.AsSpan(0, take).CopyTo(array.AsSpan(offset));
            offset += take;
        }

        return array;
    }

    public void Dispose()
    {
        foreach (var part in _parts)
        {
            budget.Pool.Return(part);
        }

        _parts.Clear();
        budget.Release(_reserved);
        _reserved = 0;
    }
}
