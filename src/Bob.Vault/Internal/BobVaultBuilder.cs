using Microsoft.Extensions.DependencyInjection;

namespace Bob.Vault.Internal;

internal sealed class BobVaultBuilder(IServiceCollection services) : IBobVaultBuilder
{
    public IServiceCollection Services { get; } = services;
}
