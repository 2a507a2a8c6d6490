using System.Security.Cryptography;

namespace Bob.Vault.Internal;

/// <summary>
/// Hands out IV bytes from a per-thread block of CSPRNG output, refilled when used up. A call into the system RNG costs
/// about as much as the AES-GCM encryption of a short token here; IVs are public and only need to be unpredictable and
/// never repeat, which slices of one CSPRNG stream are. Every byte is handed out once.
/// </summary>
internal static class IvSource
{
    private const int PoolSize = 4096;

    [ThreadStatic]
    private static byte[]? t_pool;

    [ThreadStatic]
    private static int t_next;

    public static void Fill(Span<byte> iv)
    {
        var pool = t_pool ??= new byte[PoolSize];
        if (t_next == 0 || t_next + iv.Length > PoolSize)
        {
            RandomNumberGenerator.Fill(pool);
            t_next = 0;
        }

        pool.AsSpan(t_next, iv.Length).CopyTo(iv);
        pool.AsSpan(t_next, iv.Length).Clear();
        t_next += iv.Length;
        if (t_next == PoolSize)
        {
            t_next = 0;
        }
    }
}
