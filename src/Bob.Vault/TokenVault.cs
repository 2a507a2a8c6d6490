using Bob.Git.Abstractions;
using System.Buffers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Bob.Vault.Internal;

namespace Bob.Vault;

/// <summary>
/// Encrypts tokens for storage with AES-256-GCM under a per-row key derived by HKDF-SHA256 from the current master key,
/// with a fresh random 96-bit IV per encryption and a 128-bit tag, bound to its <see cref="TokenLocation"/> and key id.
/// </summary>
/// <remarks>
/// <para>Thread-safe. Derived keys and plaintext bytes live on the stack or in cleared pooled buffers and are zeroed
/// after use; the only allocations are the outputs (and the platform's AES-GCM context).</para>
/// <para>The exact construction, for other implementations, is in the package README.</para>
/// </remarks>
public sealed class TokenVault
{
    /// <summary>The name of the vault's <see cref="System.Diagnostics.Metrics.Meter"/>.</summary>
    public const string MeterName = "Bob.Vault";

    private const int StackLimit = 2048;
    private readonly VaultKeyRing _keys;
    private readonly System.Diagnostics.Metrics.Counter<long>? _decryptFailures;

    /// <summary>Creates a vault over a key ring.</summary>
    /// <param name="keys">The current and previous keys.</param>
    /// <param name="meterFactory">Creates the <c>Bob.Vault</c> meter (counter <c>bob.vault.decrypt.failures</c>, tag
    /// <c>bob.vault.failure</c> = unknown_key, malformed or authentication_failed); without one nothing is measured
    /// (<c>AddBobVault()</c> passes the host's).</param>
    public TokenVault(VaultKeyRing keys, System.Diagnostics.Metrics.IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(keys);
        _keys = keys;
        _decryptFailures = meterFactory?.Create(new System.Diagnostics.Metrics.MeterOptions(MeterName)).CreateCounter<long>("bob.vault.decrypt.failures", "{failure}", "Ciphertexts that could not be opened, by kind of failure.");
    }

    /// <summary>The id of the key new ciphertexts are written under.</summary>
    public string CurrentKeyId => _keys.CurrentKeyId;

    /// <summary>Encrypts <paramref name="token"/> for <paramref name="location"/> under the current key.</summary>
    /// <exception cref="ArgumentException">The token is not valid Unicode (a lone surrogate), or the location's names are too long.</exception>
    [SkipLocalsInit]
    public EncryptedToken Encrypt(string token, TokenLocation location)
    {
        ArgumentNullException.ThrowIfNull(token);
        int length;
        try
        {
            length = VaultCrypto.StrictUtf8.GetByteCount(token);
        }
        catch (System.Text.EncoderFallbackException ex)
        {
            throw new ArgumentException("The token is not valid Unicode text (it has a lone surrogate).", nameof(token), ex);
        }

        byte[]? rented = null;
        var buffer = length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        var bytes = buffer[..length];
        try
        {
            VaultCrypto.StrictUtf8.GetBytes(token, bytes);
            return Seal(bytes, location);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Decrypts a token stored at <paramref name="location"/>.</summary>
    /// <exception cref="TokenDecryptionException">The key is unknown, the ciphertext was tampered with or moved, or the stored values are malformed.</exception>
    [SkipLocalsInit]
    public string Decrypt(EncryptedToken token, TokenLocation location)
    {
        ArgumentNullException.ThrowIfNull(token);
        var maxLength = (token.Ciphertext?.Length ?? 0) / 4 * 3 + 3;
        byte[]? rented = null;
        var buffer = maxLength <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(maxLength));
        var length = 0;
        try
        {
            length = Open(token, location, buffer);
            return VaultCrypto.StrictUtf8.GetString(buffer[..length]);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer[..length]);
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Whether a ciphertext written under <paramref name="keyId"/> should be re-encrypted under the current key.</summary>
    public bool NeedsRewrap(string? keyId) => !string.Equals(keyId, _keys.CurrentKeyId, StringComparison.Ordinal);

    /// <summary>Re-encrypts a stored token under the current key, without the plaintext ever becoming a string.</summary>
    /// <returns>The new ciphertext, or <paramref name="token"/> itself when it is already under the current key.</returns>
    /// <exception cref="TokenDecryptionException">The token cannot be decrypted.</exception>
    public EncryptedToken Rewrap(EncryptedToken token, TokenLocation location)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (!NeedsRewrap(token.KeyId))
        {
            return token;
        }

        var buffer = ArrayPool<byte>.Shared.Rent((token.Ciphertext?.Length ?? 0) / 4 * 3 + 3);
        var length = 0;
        try
        {
            length = Open(token, location, buffer);
            return Seal(buffer.AsSpan(0, length), location);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer.AsSpan(0, length));
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    [SkipLocalsInit]
    private EncryptedToken Seal(Span<byte> plaintext, in TokenLocation location)
    {
        var keyId = _keys.CurrentKeyId;
        Span<byte> rowKey = stackalloc byte[VaultCrypto.KeySize];
        Span<byte> iv = stackalloc byte[VaultCrypto.IvSize];
        Span<byte> tag = stackalloc byte[VaultCrypto.TagSize];
        Span<byte> associatedData = stackalloc byte[VaultCrypto.MaxAssociatedDataSize];
        var aadLength = VaultCrypto.WriteAssociatedData(associatedData, location, keyId);
        IvSource.Fill(iv);
        try
        {
            VaultCrypto.DeriveRowKey(_keys.CurrentKey, location.RowId, rowKey);

            // In place: the plaintext buffer becomes the ciphertext, so no second copy of the token exists.
            VaultCrypto.Seal(rowKey, iv, plaintext, plaintext, tag, associatedData[..aadLength]);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(rowKey);
        }

        return new EncryptedToken(Base64Text.Encode(plaintext), Base64Text.Encode(iv), Base64Text.Encode(tag), keyId);
    }

    private TokenDecryptionException Failed(TokenDecryptionException exception)
    {
        _decryptFailures?.Add(1, new KeyValuePair<string, object?>("bob.vault.failure", exception.Failure switch
        {
            TokenDecryptionFailure.UnknownKey => "unknown_key",
            TokenDecryptionFailure.Malformed => "malformed",
            _ => "authentication_failed",
        }));
        return exception;
    }

    [SkipLocalsInit]
    private int Open(EncryptedToken token, in TokenLocation location, Span<byte> plaintext)
    {
        if (!_keys.TryGetKey(token.KeyId ?? "", out var masterKey))
        {
            throw Failed(new TokenDecryptionException(TokenDecryptionFailure.UnknownKey, token.KeyId ?? "", location));
        }

        Span<byte> iv = stackalloc byte[VaultCrypto.IvSize];
        Span<byte> tag = stackalloc byte[VaultCrypto.TagSize];
        if (!Base64Text.TryDecode(token.Iv, iv, out var ivLength) || ivLength != VaultCrypto.IvSize
            || !Base64Text.TryDecode(token.Tag, tag, out var tagLength) || tagLength != VaultCrypto.TagSize
            || !Base64Text.TryDecode(token.Ciphertext, plaintext, out var length))
        {
            throw Failed(new TokenDecryptionException(TokenDecryptionFailure.Malformed, token.KeyId!, location));
        }

        Span<byte> rowKey = stackalloc byte[VaultCrypto.KeySize];
        Span<byte> associatedData = stackalloc byte[VaultCrypto.MaxAssociatedDataSize];
        var aadLength = VaultCrypto.WriteAssociatedData(associatedData, location, token.KeyId!);
        try
        {
            VaultCrypto.DeriveRowKey(masterKey, location.RowId, rowKey);
            var ciphertext = plaintext[..length];
            VaultCrypto.Open(rowKey, iv, ciphertext, tag, ciphertext, associatedData[..aadLength]);
            return length;
        }
        catch (AuthenticationTagMismatchException ex)
        {
            CryptographicOperations.ZeroMemory(plaintext[..length]);
            throw Failed(new TokenDecryptionException(TokenDecryptionFailure.AuthenticationFailed, token.KeyId!, location, ex));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(rowKey);
        }
    }
}
