using Bob.Git.Abstractions;
using Bob.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bob.Git.GitHub.Tests;

/// <summary>
/// Clients for github.com itself (not an Enterprise Server), whose API lives on another host than the web instance. Creating
/// one threw "The API base https://api.github.com is not on the instance https://github.com" since the raw JSON client was
/// added: every test used an Enterprise Server, where both share an origin.
/// </summary>
public sealed class GitHubComClientTests
{
    [Fact]
    public async Task AClientForGitHubCom_IsCreated_ThoughItsApiIsOnAnotherHostThanTheWebInstance()
    {
        await using var host = await ProviderTestHost.StartAsync((git, uri) => git.AddGitHub());
        Assert.NotNull(host.Client(GitProvider.GitHub, GitInstance.GitHubCom, "token"));

        await using var proxied = await ProviderTestHost.StartAsync((git, uri) => git.AddGitHub(o => o.ApiBaseUrl = uri.ToString()));
        proxied.Server.Handler = r => r.Path == "/user" ? FakeResponse.Json(200, """{"login":"octocat","id":1,"type":"User"}""") : null;
        var user = await proxied.Client(GitProvider.GitHub, GitInstance.GitHubCom, "token").GetCurrentUserAsync();
        Assert.Equal("octocat", user.Login);
    }
}
