using System.Buffers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Unicode;

namespace Bob.Vault.Internal;

/// <summary>
/// The primitives, kept apart so the published test vectors run through exactly the code the vault uses.
/// Row key = HKDF-SHA256(IKM = master key, salt = UTF-8 of the row id in "D" form, info = "bob-vault:v1:aes-256-gcm", L = 32).
/// Associated data = UTF-8 of "bob-vault:v1|{table}|{column}|{row id, D form}|{key id}".
/// </summary>
internal static class VaultCrypto
{
    public const int KeySize = 32;
    public const int IvSize = 12;
    public const int TagSize = 16;
    public const int MaxAssociatedDataSize = 512;

    public static ReadOnlySpan<byte> Info => "bob-vault:v1:aes-256-gcm"u8;

    private const int BlockSize = 64;
    private const int HashSize = 32;

    /// <summary>
    /// HKDF-SHA256 (RFC 5869) for outputs of up to 32 bytes, the only size the vault derives, and up to 255 blocks for the test vectors.
    /// </summary>
    /// <remarks>
    /// HMAC (RFC 2104) is composed here from one-shot SHA-256 calls: on Linux every OpenSSL HMAC call pays for a fresh
    /// context, which made the BCL's HKDF most of an encryption's cost. The RFC 5869 vectors and a property test against
    /// <see cref="HKDF.DeriveKey(HashAlgorithmName, ReadOnlySpan{byte}, Span{byte}, ReadOnlySpan{byte}, ReadOnlySpan{byte})"/> pin it down.
    /// </remarks>
    [SkipLocalsInit]
    public static void Hkdf(ReadOnlySpan<byte> ikm, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> info, Span<byte> output)
    {
        if (output.Length == 0 || output.Length > 255 * HashSize)
        {
            throw new ArgumentException("HKDF-SHA256 output is 1 to 8160 bytes.", nameof(output));
        }

        Span<byte> prk = stackalloc byte[HashSize];
        Span<byte> block = stackalloc byte[HashSize];
        byte[]? rented = null;
        var messageLength = HashSize + info.Length + 1;
        var message = messageLength <= 256 ? stackalloc byte[256] : (rented = ArrayPool<byte>.Shared.Rent(messageLength));
        try
        {
            // Extract: PRK = HMAC(salt, IKM); an empty salt is HashLen zeros, which HMAC pads to the same key.
            HmacSha256(salt, ikm, prk);

            // Expand: T(i) = HMAC(PRK, T(i-1) | info | i).
            var previous = 0;
            for (int i = 1, written = 0; written < output.Length; i++)
            {
                block[..previous].CopyTo(message);
                info.CopyTo(message[previous..]);
                message[previous + info.Length] = (byte)i;
                HmacSha256(prk, message[..(previous + info.Length + 1)], block);
                var take = Math.Min(HashSize, output.Length - written);
                block[..take].CopyTo(output[written..]);
                written += take;
                previous = HashSize;
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(prk);
            CryptographicOperations.ZeroMemory(block);
            CryptographicOperations.ZeroMemory(message[..Math.Min(message.Length, messageLength)]);
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>HMAC-SHA256(key, message) = H((K ^ opad) | H((K ^ ipad) | message)), K padded or hashed to 64 bytes.</summary>
    [SkipLocalsInit]
    public static void HmacSha256(ReadOnlySpan<byte> key, ReadOnlySpan<byte> message, Span<byte> mac)
    {
        Span<byte> k = stackalloc byte[BlockSize];
        Span<byte> outer = stackalloc byte[BlockSize + HashSize];
        byte[]? rented = null;
        var innerLength = BlockSize + message.Length;
        var inner = innerLength <= 512 ? stackalloc byte[512] : (rented = ArrayPool<byte>.Shared.Rent(innerLength));
        try
        {
            k.Clear();
            if (key.Length > BlockSize)
            {
                SHA256.HashData(key, k);
            }
            else
            {
                key.CopyTo(k);
            }

            for (var i = 0; i < BlockSize; i++)
            {
                inner[i] = (byte)(k[i] ^ 0x36);
                outer[i] = (byte)(k[i] ^ 0x5c);
            }

            message.CopyTo(inner[BlockSize..]);
            SHA256.HashData(inner[..innerLength], outer[BlockSize..]);
            SHA256.HashData(outer, mac);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(k);
            CryptographicOperations.ZeroMemory(outer);
            CryptographicOperations.ZeroMemory(inner[..Math.Min(inner.Length, innerLength)]);
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    [SkipLocalsInit]
    public static void DeriveRowKey(ReadOnlySpan<byte> masterKey, Guid rowId, Span<byte> rowKey)
    {
        Span<byte> salt = stackalloc byte[36];
        rowId.TryFormat(salt, out _, "D");
        Hkdf(masterKey, salt, Info, rowKey);
    }

    /// <summary>Writes the associated data and returns its length.</summary>
    /// <exception cref="ArgumentException">The table or column name is too long to bind.</exception>
    public static int WriteAssociatedData(Span<byte> destination, in TokenLocation location, string keyId) =>
        Utf8.TryWrite(destination, $"bob-vault:v1|{location.Table}|{location.Column}|{location.RowId:D}|{keyId}", out var written)
            ? written
            : throw new ArgumentException("The table and column names are too long to bind into the ciphertext.", nameof(location));

    public static void Seal(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag, ReadOnlySpan<byte> associatedData)
    {
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(iv, plaintext, ciphertext, tag, associatedData);
    }

    /// <exception cref="AuthenticationTagMismatchException">The tag does not authenticate the ciphertext and associated data under the key.</exception>
    public static void Open(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(iv, ciphertext, tag, plaintext, associatedData);
    }

    /// <summary>UTF-8 that refuses lone surrogates instead of silently replacing them, so every token round-trips exactly.</summary>
    public static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
