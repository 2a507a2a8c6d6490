using System.Security.Cryptography;
using System.Text;
using Bob.Git.Abstractions;

namespace Bob.Webhooks.Internal;

/// <summary>The current and previous HMAC keys of one source, and the comparisons every verifier shares.</summary>
internal sealed class SignatureKeys : IDisposable
{
    private readonly HmacKey? _current;
    private readonly HmacKey? _previous;

    public SignatureKeys(Secret? current, Secret? previous, Func<string, byte[]>? decode = null)
    {
        decode ??= static s => Encoding.UTF8.GetBytes(s);
        _current = string.IsNullOrEmpty(current?.Reveal()) ? null : new HmacKey(decode(current.Reveal()));
        _previous = string.IsNullOrEmpty(previous?.Reveal()) ? null : new HmacKey(decode(previous.Reveal()));
    }

    public bool Configured => _current is not null || _previous is not null;

    /// <summary>Starts an HMAC over <paramref name="prefix"/> and a body to come, to be compared with <paramref name="candidates"/>.</summary>
    public WebhookSignatureCheck Begin(ReadOnlySpan<byte> prefix, byte[][] candidates) => new MacRun(_current, _previous, prefix, candidates);

    /// <summary>Parses a 64-character hex signature into its 32 bytes.</summary>
    public static bool TryParseHex(ReadOnlySpan<char> hex, out byte[] bytes)
    {
        bytes = new byte[32];
        return hex.Length == 64
            && Convert.FromHexString(hex, bytes, out _, out var written) == System.Buffers.OperationStatus.Done
            && written == 32;
    }

    /// <summary>Whether <paramref name="hex"/> is the hex HMAC of the parts under either key.</summary>
    public bool MatchesHex(ReadOnlySpan<char> hex, ReadOnlySpan<byte> part1, ReadOnlySpan<byte> part2, ReadOnlySpan<byte> part3, out bool malformed)
    {
        Span<byte> provided = stackalloc byte[32];
        malformed = hex.Length != 64
            || Convert.FromHexString(hex, provided, out _, out var written) != System.Buffers.OperationStatus.Done
            || written != 32;
        return !malformed && Matches(provided, part1, part2, part3);
    }

    /// <summary>Whether <paramref name="provided"/> (32 bytes) is the HMAC of the parts under either key.</summary>
    public bool Matches(ReadOnlySpan<byte> provided, ReadOnlySpan<byte> part1, ReadOnlySpan<byte> part2, ReadOnlySpan<byte> part3)
    {
        Span<byte> expected = stackalloc byte[32];
        if (_current is not null)
        {
            _current.Compute(part1, part2, part3, expected);
            if (CryptographicOperations.FixedTimeEquals(expected, provided))
            {
                return true;
            }
        }

        if (_previous is not null)
        {
            _previous.Compute(part1, part2, part3, expected);
            return CryptographicOperations.FixedTimeEquals(expected, provided);
        }

        return false;
    }

    public void Dispose()
    {
        _current?.Dispose();
        _previous?.Dispose();
    }
}
