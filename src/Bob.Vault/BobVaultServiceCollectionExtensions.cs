using Bob.Vault;
using Bob.Vault.Internal;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the token vault.</summary>
public static class BobVaultServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="TokenVault"/> and its <see cref="VaultKeyRing"/>, built from <see cref="TokenVaultOptions"/>, which are
    /// validated when the host starts: a missing, non-base64 or wrong-length key stops it with a message naming the setting.
    /// Calling it twice is harmless.
    /// </summary>
    public static IBobVaultBuilder AddBobVault(this IServiceCollection services, Action<TokenVaultOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<TokenVaultOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TokenVaultOptions>, TokenVaultOptionsValidator>());
        services.AddMetrics(); // the vault's meter comes from the host's IMeterFactory
        services.TryAddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<TokenVaultOptions>>().Value;
            return VaultKeyRing.FromBase64(o.CurrentKey?.Reveal(), o.PreviousKeys?.Reveal());
        });
        services.TryAddSingleton<TokenVault>();
        return new Bob.Vault.Internal.BobVaultBuilder(services);
    }
}
