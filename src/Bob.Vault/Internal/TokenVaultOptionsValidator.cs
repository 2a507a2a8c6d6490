using Bob.Git.Abstractions;
using Microsoft.Extensions.Options;

namespace Bob.Vault.Internal;

/// <summary>Refuses a missing or malformed key, naming the setting and never the value.</summary>
internal sealed class TokenVaultOptionsValidator : IValidateOptions<TokenVaultOptions>
{
    public ValidateOptionsResult Validate(string? name, TokenVaultOptions options)
    {
        try
        {
            VaultKeyRing.FromBase64(options.CurrentKey?.Reveal(), options.PreviousKeys?.Reveal()).Dispose();
            return ValidateOptionsResult.Success;
        }
        catch (BobConfigurationException ex)
        {
            return ValidateOptionsResult.Fail(ex.Message);
        }
    }
}
