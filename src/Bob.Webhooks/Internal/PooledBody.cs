namespace Bob.Webhooks.Internal;

/// <summary>
/// A request body kept as it is read, in 64 KB parts from the <see cref="BodyBudget"/>'s pool, within its budget: the
/// transport's buffers are released as soon as each part is copied, and no array the size of the largest body ever sits in a
/// pool afterwards. <see cref="Dispose"/> gives the parts and the reserved room back.
/// </summary>
internal sealed class PooledBody(BodyBudget budget, long reserved) : IDisposable
{
    private const int PartSize = BodyBudget.PartSize;
    private readonly List<byte[]> _parts = [];
    private int _used = PartSize;
    private long _reserved = reserved;

    /// <summary>How many bytes were appended.</summary>
    public long Length { get; private set; }

    /// <summary>Appends <paramref name="data"/>; <see langword="false"/> when the budget has no room for it (nothing is appended then).</summary>
    public bool TryAppend(ReadOnlySpan<byte> data)
    {
        var needed = Length + data.Length - _reserved;
        if (needed > 0)
        {
            // Past what was reserved up front (a body without Content-Length): part by part, never waiting while holding some.
            var more = (needed + PartSize - 1) / PartSize * PartSize;
            if (!budget.TryReserve(more))
            {
                return false;
            }

            _reserved += more;
        }

        while (!data.IsEmpty)
        {
            if (_used == PartSize)
            {
                _parts.Add(budget.Pool.Rent(PartSize));
                _used = 0;
            }

            var take = Math.Min(data.Length, PartSize - _used);
            data[..take].CopyTo(_parts[^1].AsSpan(_used));
            _used += take;
            data = data[take..];
            Length += take;
        }

        return true;
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
