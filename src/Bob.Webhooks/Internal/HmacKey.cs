using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Bob.Webhooks.Internal;

/// <summary>
/// HMAC-SHA256 under one fixed secret, reusing keyed state from a small pool: a one-shot HMAC sets up its key on every call,
/// which is about half the cost of signing a 1 KB body. The same pool serves a whole-body check (<see cref="Compute"/>) and a
/// body hashed as it arrives across awaits (<see cref="Rent"/>), so both pay no key setup and allocate nothing once warm.
/// </summary>
internal sealed class HmacKey : IDisposable
{
    private const int PoolSize = 64;
    private readonly byte[] _key;
    private readonly ConcurrentQueue<IncrementalHash> _pool = new();
    private int _pooled;

    public HmacKey(ReadOnlySpan<byte> key) => _key = key.ToArray();

    /// <summary>Writes HMAC(key, part1 | part2 | part3) into <paramref name="mac"/> (32 bytes).</summary>
    public void Compute(ReadOnlySpan<byte> part1, ReadOnlySpan<byte> part2, ReadOnlySpan<byte> part3, Span<byte> mac)
    {
        var hash = Rent();
        hash.AppendData(part1);
        hash.AppendData(part2);
        hash.AppendData(part3);
        hash.GetHashAndReset(mac);
        Return(hash);
    }

    /// <summary>A keyed hash, reset and ready; give it back with <see cref="Return"/>.</summary>
    public IncrementalHash Rent()
    {
        if (_pool.TryDequeue(out var hash))
        {
            Interlocked.Decrement(ref _pooled);
            return hash;
        }

        return IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
    }

    /// <summary>Takes back a hash from <see cref="Rent"/>, which must have been reset (its last call <c>GetHashAndReset</c>).</summary>
    public void Return(IncrementalHash hash)
    {
        if (Interlocked.Increment(ref _pooled) <= PoolSize)
        {
            _pool.Enqueue(hash);
        }
        else
        {
            Interlocked.Decrement(ref _pooled);
            hash.Dispose();
        }
    }

    public void Dispose()
    {
        while (_pool.TryDequeue(out var hash))
        {
            hash.Dispose();
        }

        CryptographicOperations.ZeroMemory(_key);
    }
}
