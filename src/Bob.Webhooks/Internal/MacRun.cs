using System.Security.Cryptography;

namespace Bob.Webhooks.Internal;

/// <summary>
/// HMAC-SHA256 of a message fed in parts as it arrives, under the current and the previous key at once, and the
/// constant-time comparison of the result with the signatures a delivery carries. Gives its hashes back when disposed.
/// </summary>
internal sealed class MacRun : WebhookSignatureCheck
{
    private readonly HmacKey? _currentKey;
    private readonly HmacKey? _previousKey;
    private readonly byte[][] _candidates;
    private IncrementalHash? _current;
    private IncrementalHash? _previous;

    /// <param name="current">The current key, if configured.</param>
    /// <param name="previous">The previous key, if configured.</param>
    /// <param name="prefix">What the signature covers before the body (Kanbanger's <c>{timestamp}.</c>), or empty.</param>
    /// <param name="candidates">The 32-byte signatures the delivery carries; any one matching is enough.</param>
    public MacRun(HmacKey? current, HmacKey? previous, ReadOnlySpan<byte> prefix, byte[][] candidates)
    {
        _currentKey = current;
        _previousKey = previous;
        _candidates = candidates;
        _current = current?.Rent();
        _previous = previous?.Rent();
        Append(prefix);
    }

    public override void Append(ReadOnlySpan<byte> data)
    {
        _current?.AppendData(data);
        _previous?.AppendData(data);
    }

    public override WebhookVerificationResult Complete()
    {
        Span<byte> mac = stackalloc byte[32];
        var match = false;
        foreach (var (hash, key) in new[] { (_current, _currentKey), (_previous, _previousKey) })
        {
            if (hash is null)
            {
                continue;
            }

            hash.GetHashAndReset(mac);
            foreach (var candidate in _candidates)
            {
                match |= CryptographicOperations.FixedTimeEquals(mac, candidate);
            }

            key!.Return(hash);
        }

        _current = null;
        _previous = null;
        return match ? WebhookVerificationResult.Valid : WebhookVerificationResult.InvalidSignature;
    }

    protected override void Dispose(bool disposing)
    {
        // Abandoned part way (the body broke off): reset the hashes before they go back.
        Span<byte> discard = stackalloc byte[32];
        if (_current is not null)
        {
            _current.GetHashAndReset(discard);
            _currentKey!.Return(_current);
            _current = null;
        }

        if (_previous is not null)
        {
            _previous.GetHashAndReset(discard);
            _previousKey!.Return(_previous);
            _previous = null;
        }
    }
}
