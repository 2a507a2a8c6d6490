using System.Security.Cryptography;

namespace Bob.Webhooks.Internal;

/// <summary>
/// HMAC-SHA256 under one fixed secret, reusing the keyed state per thread: a one-shot HMAC sets up its key on every call,
/// which is about half the cost of signing a 1 KB body. Allocation-free after each thread's first use.
/// </summary>
internal sealed class HmacKey : IDisposable
{
    private const int PoolSize = 64;
    private readonly byte[] _key;
    private readonly ThreadLocal<IncrementalHash> _hash;
    private readonly System.Collections.Concurrent.ConcurrentBag<IncrementalHash> _pool = [];

    public HmacKey(ReadOnlySpan<byte> key)
    {
        _key = key.ToArray();
        _hash = new ThreadLocal<IncrementalHash>(() => IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key), trackAllValues: true);
    }

    /// <summary>Writes HMAC(key, part1 | part2 | part3) into <paramref name="mac"/> (32 bytes).</summary>
    public void Compute(ReadOnlySpan<byte> part1, ReadOnlySpan<byte> part2, ReadOnlySpan<byte> part3, Span<byte> mac)
    {
        var hash = _hash.Value!;
        hash.AppendData(part1);
        hash.AppendData(part2);
        hash.AppendData(part3);
        hash.GetHashAndReset(mac);
    }

    /// <summary>
    /// A keyed hash for a computation that spans awaits (a body read as it arrives), which a thread's own instance cannot
    /// serve; give it back with <see cref="Return"/>. Pooled, so a request pays no key setup.
    /// </summary>
    public IncrementalHash Rent() => _pool.TryTake(out var hash) ? hash : IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);

    /// <summary>Takes back a hash from <see cref="Rent"/>, which must have been reset (its last call <c>GetHashAndReset</c>).</summary>
    public void Return(IncrementalHash hash)
    {
        if (_pool.Count < PoolSize)
        {
            _pool.Add(hash);
        }
        else
        {
            hash.Dispose();
        }
    }

    public void Dispose()
    {
        foreach (var hash in _pool)
        {
            hash.Dispose();
        }

        foreach (var hash in _hash.Values)
        {
            hash.Dispose();
        }

        _hash.Dispose();
        CryptographicOperations.ZeroMemory(_key);
    }
}
