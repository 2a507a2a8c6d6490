namespace Bob.SampleHost.Configuration;

/// <summary>The token vault's keys as configured (SPEC §2). Validated when the host starts.</summary>
internal sealed class VaultKeyOptions
{
    public const string CurrentKeySetting = "GIT_TOKEN_ENCRYPTION_KEY";
    public const string PreviousKeysSetting = "GIT_TOKEN_ENCRYPTION_PREVIOUS_KEYS";

    public string? CurrentKey { get; set; }

    public string? PreviousKeys { get; set; }

    public override string ToString() => "VaultKeyOptions { CurrentKey = ***, PreviousKeys = *** }";
}
