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
        // Both keys are always finished, so the time taken does not tell which one matched.
        var match = Finish(ref _current, _currentKey) | Finish(ref _previous, _previousKey);
        return match ? WebhookVerificationResult.Valid : WebhookVerificationResult.InvalidSignature;
    }

    protected override void Dispose(bool disposing)
    {
        // Abandoned part way (the body broke off): finishing resets the hashes before they go back.
        Finish(ref _current, _currentKey);
        Finish(ref _previous, _previousKey);
    }

    /// <summary>Finishes <paramref name="hash"/>, gives it back to <paramref name="key"/>, and says whether it matched a candidate.</summary>
    private bool Finish(ref IncrementalHash? hash, HmacKey? key)
    {
        if (hash is null)
        {
            return false;
        }

        Span<byte> mac = stackalloc byte[32];
        hash.GetHashAndReset(mac);
        key!.Return(hash);
        hash = null;
        var match = false;
        foreach (var candidate in _candidates)
        {
            match |= CryptographicOperations.FixedTimeEquals(mac, candidate);
        }

        return match;
    }
}
