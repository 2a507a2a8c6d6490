using System.Security.Cryptography;
using Bob.Vault;
using Microsoft.Extensions.Options;

namespace Bob.SampleHost.Configuration;

/// <summary>Refuses to start on a missing or malformed vault key, naming the setting and never its value.</summary>
internal sealed class VaultKeyOptionsValidator : IValidateOptions<VaultKeyOptions>
{
    public ValidateOptionsResult Validate(string? name, VaultKeyOptions options)
    {
        var failures = new List<string>();
        try
        {
            CryptographicOperations.ZeroMemory(VaultKeyParser.ParseKey(options.CurrentKey, VaultKeyOptions.CurrentKeySetting));
        }
        catch (VaultConfigurationException ex)
        {
            failures.Add(ex.Message);
        }

        try
        {
            foreach (var key in VaultKeyParser.ParseKeyList(options.PreviousKeys, VaultKeyOptions.PreviousKeysSetting))
            {
                CryptographicOperations.ZeroMemory(key);
            }
        }
        catch (VaultConfigurationException ex)
        {
            failures.Add(ex.Message);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
