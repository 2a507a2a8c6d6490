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

    public static void Hkdf(ReadOnlySpan<byte> ikm, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> info, Span<byte> output) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, ikm, output, salt, info);

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
