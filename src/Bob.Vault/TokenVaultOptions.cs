using Bob.Git.Abstractions;
namespace Bob.Vault;

/// <summary>The vault's master keys, as configured (SPEC §2).</summary>
public sealed class TokenVaultOptions
{
    /// <summary>The configuration key of the current master key.</summary>
    public const string CurrentKeySetting = "GIT_TOKEN_ENCRYPTION_KEY";

    /// <summary>The configuration key of the previous master keys.</summary>
    public const string PreviousKeysSetting = "GIT_TOKEN_ENCRYPTION_PREVIOUS_KEYS";

    /// <summary>The current master key: base64 of 32 random bytes (<c>openssl rand -base64 32</c>). Encrypts and decrypts.</summary>
    public Secret? CurrentKey { get; set; }

    /// <summary>Comma-separated base64 keys that still decrypt, during a rotation. Never used to encrypt.</summary>
    public Secret? PreviousKeys { get; set; }
}
