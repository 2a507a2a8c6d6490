using Bob.Git.Abstractions;
using System.Security.Cryptography;

namespace Bob.Vault;

/// <summary>Reads vault master keys from configuration text: base64 of exactly 32 bytes.</summary>
public static class VaultKeyParser
{
    /// <summary>The length of a master key in bytes (AES-256).</summary>
    public const int KeySizeInBytes = 32;

    /// <summary>Decodes one master key.</summary>
    /// <param name="base64">The configured value.</param>
    /// <param name="settingName">The configuration name to cite in errors, such as <c>GIT_TOKEN_ENCRYPTION_KEY</c>.</param>
    /// <returns>The 32 key bytes; the caller owns them and should zero them when done.</returns>
    /// <exception cref="BobConfigurationException">The value is missing, not base64, or not 32 bytes. The message names the setting, never the value.</exception>
    public static byte[] ParseKey(string? base64, string settingName)
    {
        ArgumentException.ThrowIfNullOrEmpty(settingName);
        if (string.IsNullOrWhiteSpace(base64))
        {
            throw new BobConfigurationException(
                $"{settingName} is not set. Set it to the base64 encoding of 32 random bytes, for example the output of `openssl rand -base64 32`.");
        }

        var buffer = new byte[base64.Length];
        try
        {
            if (!Convert.TryFromBase64String(base64.Trim(), buffer, out var written))
            {
                throw new BobConfigurationException($"{settingName} is not valid base64. Set it to the base64 encoding of 32 random bytes.");
            }

            if (written != KeySizeInBytes)
            {
                throw new BobConfigurationException($"{settingName} decodes to {written} bytes; an AES-256 key needs exactly {KeySizeInBytes}.");
            }

            return buffer.AsSpan(0, KeySizeInBytes).ToArray();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
        }
    }

    /// <summary>Decodes a comma-separated list of keys; empty entries are ignored.</summary>
    /// <exception cref="BobConfigurationException">An entry is not a valid key; the message names the setting and the entry's position.</exception>
    public static IReadOnlyList<byte[]> ParseKeyList(string? commaSeparatedBase64, string settingName)
    {
        ArgumentException.ThrowIfNullOrEmpty(settingName);
        if (string.IsNullOrWhiteSpace(commaSeparatedBase64))
        {
            return [];
        }

        var entries = commaSeparatedBase64.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return entries.Select((entry, i) => ParseKey(entry, $"{settingName} (entry {i + 1})")).ToArray();
    }
}
