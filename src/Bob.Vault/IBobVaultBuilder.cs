using Microsoft.Extensions.DependencyInjection;

namespace Bob.Vault;

/// <summary>Returned by <c>AddBobVault()</c>: the token vault is registered.</summary>
public interface IBobVaultBuilder
{
    /// <summary>The service collection being configured.</summary>
    IServiceCollection Services { get; }
}
