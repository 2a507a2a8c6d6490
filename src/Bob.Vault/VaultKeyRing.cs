using System.Security.Cryptography;
using System.Text;

namespace Bob.Vault;

/// <summary>
/// The master keys: one current key that encrypts, and previous keys still accepted for decryption during rotation.
/// Key bytes live in pinned arrays that are zeroed on <see cref="Dispose"/>; only key ids ever leave this type.
/// </summary>
/// <remarks>
/// A key id is the first 8 bytes, as 16 lower-case hex digits, of HMAC-SHA256(key, ASCII "bob-vault:key-id"): stable,
/// unique in practice, and useless for recovering the key.
/// </remarks>
public sealed class VaultKeyRing : IDisposable
{
    private static readonly byte[] KeyIdLabel = Encoding.ASCII.GetBytes("bob-vault:key-id");
    private readonly Dictionary<string, byte[]> _keys = new(StringComparer.Ordinal);
    private bool _disposed;

    /// <summary>Creates a key ring from raw 32-byte keys. The bytes are copied; the caller may zero its arrays.</summary>
    /// <exception cref="ArgumentException">A key is not 32 bytes long.</exception>
    public VaultKeyRing(ReadOnlySpan<byte> currentKey, IEnumerable<byte[]>? previousKeys = null)
    {
        CurrentKeyId = Add(currentKey);
        foreach (var key in previousKeys ?? [])
        {
            Add(key);
        }
    }

    /// <summary>The id of the key new ciphertexts are written under.</summary>
    public string CurrentKeyId { get; }

    /// <summary>The ids of every key that can decrypt, the current one first.</summary>
    public IReadOnlyList<string> KeyIds => [CurrentKeyId, .. _keys.Keys.Where(k => k != CurrentKeyId)];

    /// <summary>Creates a key ring from configuration text (base64 keys), naming the settings in any error.</summary>
    /// <exception cref="Bob.Git.Abstractions.BobConfigurationException">A key is missing or malformed.</exception>
    public static VaultKeyRing FromBase64(string? currentKey, string? previousKeys, string currentSetting = "GIT_TOKEN_ENCRYPTION_KEY", string previousSetting = "GIT_TOKEN_ENCRYPTION_PREVIOUS_KEYS")
    {
        var current = VaultKeyParser.ParseKey(currentKey, currentSetting);
        var previous = VaultKeyParser.ParseKeyList(previousKeys, previousSetting);
        try
        {
            return new VaultKeyRing(current, previous);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(current);
            foreach (var key in previous)
            {
                CryptographicOperations.ZeroMemory(key);
            }
        }
    }

    /// <summary>Computes the id of a key without keeping it.</summary>
    /// <exception cref="ArgumentException">The key is not 32 bytes long.</exception>
    public static string ComputeKeyId(ReadOnlySpan<byte> key)
    {
        if (key.Length != VaultKeyParser.KeySizeInBytes)
        {
            throw new ArgumentException($"A vault key is {VaultKeyParser.KeySizeInBytes} bytes long.", nameof(key));
        }

        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key, KeyIdLabel, mac);
        return Convert.ToHexStringLower(mac[..8]);
    }

    /// <summary>Whether <paramref name="keyId"/> is a key this ring can decrypt with.</summary>
    public bool Contains(string keyId) => _keys.ContainsKey(keyId);

    /// <summary>Zeroes every key.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var key in _keys.Values)
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    internal bool TryGetKey(string keyId, out ReadOnlySpan<byte> key)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_keys.TryGetValue(keyId, out var bytes))
        {
            key = bytes;
            return true;
        }

        key = default;
        return false;
    }

    internal ReadOnlySpan<byte> CurrentKey
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _keys[CurrentKeyId];
        }
    }

    private string Add(ReadOnlySpan<byte> key)
    {
        var id = ComputeKeyId(key);
        if (!_keys.ContainsKey(id))
        {
            // Pinned so the GC never leaves copies of key bytes behind when it compacts the heap.
            var copy = GC.AllocateArray<byte>(key.Length, pinned: true);
            key.CopyTo(copy);
            _keys.Add(id, copy);
        }

        return id;
    }
}
