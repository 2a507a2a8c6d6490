using Bob.Git.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bob.Git.GitLab.Tests;

public sealed class GitLabOptionsTests
{
    [Fact]
    public void Default_IsGitLabCom() => Assert.Same(GitInstance.GitLabCom, new GitLabOptions().Instance);

    [Fact]
    public void AddGitLab_SelfManagedUnderPrefix_BecomesAKnownInstance()
    {
        var services = new ServiceCollection();
        services.AddBobGit().AddGitLab(o => o.BaseUrl = "https://git.example.org/gitlab/");
        using var sp = services.BuildServiceProvider();
        var parser = sp.GetRequiredService<GitInstanceRegistry>().Parser;

        var identity = parser.Parse("https://git.example.org/gitlab/group/sub/proj").Identity;

        Assert.Equal("https://git.example.org/gitlab", identity.InstanceUrl);
        Assert.Equal("group/sub", identity.Owner);
        Assert.Equal(GitProvider.GitLab, parser.Parse("https://gitlab.com/a/b").Identity.Provider);
    }

    [Theory]
    [InlineData("gitlab.example.org", null, null, "Providers:GitLab:BaseUrl")]
    [InlineData("https://gitlab.com/", null, "secret", "must be set together")]
    public void Validation_OnStart_NamesTheSetting(string baseUrl, string? clientId, string? clientSecret, string fragment)
    {
        var services = new ServiceCollection();
        services.AddBobGit().AddGitLab(o =>
        {
            o.BaseUrl = baseUrl;
            o.ClientId = clientId;
            o.ClientSecret = clientSecret is null ? null : new Secret(clientSecret);
        });
        using var sp = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<GitLabOptions>>().Value);

        Assert.Contains(fragment, ex.Message, StringComparison.Ordinal);
    }
}
