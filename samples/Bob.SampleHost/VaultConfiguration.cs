using Bob.Vault;
using Bob.Git.Abstractions;

namespace Bob.SampleHost;

internal static class VaultConfiguration
{
    /// <summary>Reads the SPEC §2 names <c>GIT_TOKEN_ENCRYPTION_KEY</c> and <c>GIT_TOKEN_ENCRYPTION_PREVIOUS_KEYS</c>.</summary>
    public static void BindFrom(this TokenVaultOptions options, IConfiguration configuration)
    {
        options.CurrentKey = configuration[TokenVaultOptions.CurrentKeySetting] is { Length: > 0 } current ? new Secret(current) : null;
        options.PreviousKeys = configuration[TokenVaultOptions.PreviousKeysSetting] is { Length: > 0 } previous ? new Secret(previous) : null;
    }
}
