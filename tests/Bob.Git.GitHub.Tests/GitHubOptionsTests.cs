using Bob.Git.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bob.Git.GitHub.Tests;

public sealed class GitHubOptionsTests
{
    [Theory]
    [InlineData("https://api.github.com/", null)]
    [InlineData("http://127.0.0.1:5123/", null)]
    [InlineData("https://github.acme-corp.com/api/v3/", "https://github.acme-corp.com")]
    [InlineData("https://tools.example.com/github/api/v3", "https://tools.example.com/github")]
    public void WebInstance_FollowsTheApiBaseUrl(string apiBaseUrl, string? instanceUrl)
    {
        var instance = new GitHubOptions { ApiBaseUrl = apiBaseUrl }.WebInstance;

        Assert.Equal(GitProvider.GitHub, instance.Provider);
        Assert.Equal(instanceUrl, instance.InstanceUrl);
    }

    [Theory]
    [InlineData("https://api.github.com/", "https://github.com/")]
    [InlineData("https://api.github.com", "https://github.com/")]
    [InlineData("https://github.acme-corp.com/api/v3/", "https://github.acme-corp.com/")]
    [InlineData("http://127.0.0.1:5123/", "http://127.0.0.1:5123/")]
    public void OAuthEndpoints_AreOnGitHubCom_TheEnterpriseHost_OrTheAlternativeAddress(string apiBaseUrl, string oauthBase) =>
        Assert.Equal(new Uri(oauthBase), new GitHubOptions { ApiBaseUrl = apiBaseUrl }.OAuthBaseUri);

    [Theory]
    [InlineData("not a url", null, null, "ApiBaseUrl")]
    [InlineData("https://api.github.com/", "client-id", null, "ClientSecret must be set together")]
    public void Validation_OnStart_NamesTheSetting(string apiBaseUrl, string? clientId, string? clientSecret, string fragment)
    {
        var services = new ServiceCollection();
        services.AddBobGit().AddGitHub(o =>
        {
            o.ApiBaseUrl = apiBaseUrl;
            o.ClientId = clientId;
            o.ClientSecret = clientSecret is null ? null : new Secret(clientSecret);
        });
        using var sp = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<GitHubOptions>>().Value);

        Assert.Contains(fragment, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnAppKeyThatCannotSign_FailsValidationAtStart_NamingTheSetting()
    {
        var services = new ServiceCollection();
        services.AddBobGit().AddGitHub(o =>
        {
            o.App.ClientId = "Iv23liExample";
            o.App.ClientSecret = new Secret("app-client-secret");
            o.App.PrivateKey = new Secret("not-a-real-key-material");
        });
        using var sp = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<GitHubOptions>>().Value);

        Assert.Contains("Providers:GitHub:App:PrivateKey is not an RSA private key", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-a-real-key-material", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnAppWithMissingPieces_StartsAndSaysWhatIsMissing_WhenItIsUsed()
    {
        var services = new ServiceCollection();
        services.AddBobGit().AddGitHub(o => o.App.Slug = "bob-app");
        using var sp = services.BuildServiceProvider();

        _ = sp.GetRequiredService<IOptions<GitHubOptions>>().Value; // no failure at start
        var app = sp.GetServices<IGitAppClient>().Single();
        var reason = app.Unavailable(GitInstance.GitHubCom);
        var ex = Assert.Throws<BobValidationException>(() => app.BuildInstallUrl(GitInstance.GitHubCom, "state"));

        Assert.Equal("Providers:GitHub:App:ClientId, Providers:GitHub:App:ClientSecret, Providers:GitHub:App:PrivateKeyPath (or PrivateKey) are not set.", reason);
        Assert.Contains(reason!, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddGitHub_Enterprise_BecomesAKnownInstance()
    {
        var services = new ServiceCollection();
        services.AddBobGit().AddGitHub(o => o.ApiBaseUrl = "https://github.acme-corp.com/api/v3/");
        using var sp = services.BuildServiceProvider();

        var parsed = sp.GetRequiredService<GitInstanceRegistry>().Parser.Parse("git@github.acme-corp.com:platform/api.git");

        Assert.Equal("https://github.acme-corp.com", parsed.Identity.InstanceUrl);
    }
}
