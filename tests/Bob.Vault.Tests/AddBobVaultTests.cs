using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Bob.Git.Abstractions;

namespace Bob.Vault.Tests;

public sealed class AddBobVaultTests
{
    [Fact]
    public void AddBobVault_ValidKeys_ResolvesAWorkingVault()
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var services = new ServiceCollection();
        services.AddBobVault(o => o.CurrentKey = new Secret(key));
        services.AddBobVault();
        using var sp = services.BuildServiceProvider();

        var vault = sp.GetRequiredService<TokenVault>();

        Assert.Equal("t", vault.Decrypt(vault.Encrypt("t", TokenLocation.AccessToken(Guid.Empty)), TokenLocation.AccessToken(Guid.Empty)));
    }

    [Fact]
    public void AddBobVault_MissingKey_FailsValidationNamingTheSetting()
    {
        var services = new ServiceCollection();
        services.AddBobVault();
        using var sp = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<TokenVaultOptions>>().Value);

        Assert.Contains("GIT_TOKEN_ENCRYPTION_KEY is not set", ex.Message, StringComparison.Ordinal);
    }
}
