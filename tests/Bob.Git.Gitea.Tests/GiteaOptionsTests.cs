using Bob.Git.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bob.Git.Gitea.Tests;

public sealed class GiteaOptionsTests
{
    [Fact]
    public void Default_HasNoInstanceAndWipPrefix()
    {
        var options = new GiteaOptions();

        Assert.Null(options.Instance);
        Assert.Equal("WIP:", options.DraftTitlePrefix);
    }

    [Fact]
    public void AddGitea_BaseUrl_BecomesAKnownInstance()
    {
        var services = new ServiceCollection();
        services.AddBobGit().AddGitea(o => o.BaseUrl = "https://forge.example.com/");
        using var sp = services.BuildServiceProvider();

        var identity = sp.GetRequiredService<GitInstanceRegistry>().Parser.Parse("ssh://git@forge.example.com:2222/team/app.git").Identity;

        Assert.Equal(GitProvider.Gitea, identity.Provider);
        Assert.Equal("https://forge.example.com", identity.InstanceUrl);
    }

    [Theory]
    [InlineData(null, "id", "secret", "needs Providers:Gitea:BaseUrl")]
    [InlineData("ftp://forge.example.com", null, null, "Providers:Gitea:BaseUrl")]
    public void Validation_OnStart_NamesTheSetting(string? baseUrl, string? clientId, string? clientSecret, string fragment)
    {
        var services = new ServiceCollection();
        services.AddBobGit().AddGitea(o =>
        {
            o.BaseUrl = baseUrl;
            o.ClientId = clientId;
            o.ClientSecret = clientSecret is null ? null : new Secret(clientSecret);
        });
        using var sp = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<GiteaOptions>>().Value);

        Assert.Contains(fragment, ex.Message, StringComparison.Ordinal);
    }
}
