using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Bob.SampleHost.Tests;

public sealed class RepositoryEndpointTests(SampleHostFixture host) : IClassFixture<SampleHostFixture>
{
    [Fact]
    public async Task Post_GitHubRemote_Creates201WithIdentity()
    {
        var (client, _) = await host.CreateUserClientAsync("creator");

        var response = await client.PostAsJsonAsync("/api/repositories", new { name = "web", remoteUrl = "git@github.com:acme/web.git" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("github", body.GetProperty("remoteProvider").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("remoteInstanceUrl").ValueKind);
        Assert.Equal("acme", body.GetProperty("remoteOwner").GetString());
        Assert.Equal("web", body.GetProperty("remoteName").GetString());
        Assert.Equal("git@github.com:acme/web.git", body.GetProperty("remoteUrl").GetString());
        var id = body.GetProperty("id").GetGuid();
        Assert.Equal($"/api/repositories/{id}", response.Headers.Location?.OriginalString);

        var read = await client.GetFromJsonAsync<JsonElement>($"/api/repositories/{id}");
        Assert.Equal("web", read.GetProperty("name").GetString());
        var list = await client.GetFromJsonAsync<JsonElement[]>("/api/repositories");
        Assert.Contains(list!, r => r.GetProperty("id").GetGuid() == id);
    }

    [Fact]
    public async Task Post_ConfiguredGitLabUnderPrefix_ParsesNamespace()
    {
        var (client, _) = await host.CreateUserClientAsync("gitlabber");

        var response = await client.PostAsJsonAsync("/api/repositories", new { name = "cli", remoteUrl = "https://git.example.org/gitlab/platform/tools/cli.git" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("gitlab", body.GetProperty("remoteProvider").GetString());
        Assert.Equal("https://git.example.org/gitlab", body.GetProperty("remoteInstanceUrl").GetString());
        Assert.Equal("platform/tools", body.GetProperty("remoteOwner").GetString());
    }

    [Fact]
    public async Task Post_RemoteWithToken_NeverStoresOrEchoesIt()
    {
        var (client, _) = await host.CreateUserClientAsync("tokened");

        var response = await client.PostAsJsonAsync("/api/repositories", new { name = "web", remoteUrl = "https://x-access-token:ghs_SUPERSECRET123@github.com/acme/private.git" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("SUPERSECRET", text, StringComparison.Ordinal);
        var listed = await client.GetStringAsync("/api/repositories");
        Assert.DoesNotContain("SUPERSECRET", listed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_UnknownHost_NeedsProvider()
    {
        var (client, _) = await host.CreateUserClientAsync("selfhoster");

        var without = await client.PostAsJsonAsync("/api/repositories", new { name = "svc", remoteUrl = "https://forge.internal.example/team/svc.git" });
        var with = await client.PostAsJsonAsync("/api/repositories", new { name = "svc", remoteUrl = "https://forge.internal.example/team/svc.git", provider = "gitea" });

        Assert.Equal(HttpStatusCode.BadRequest, without.StatusCode);
        var problem = await without.Content.ReadFromJsonAsync<ProblemBody>();
        Assert.Contains("pass the provider", problem!.Errors!["remoteUrl"][0], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, with.StatusCode);
        Assert.Equal("https://forge.internal.example", (await with.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("remoteInstanceUrl").GetString());
    }

    [Theory]
    [InlineData("""{"remoteUrl":"https://github.com/acme/web"}""", "name")]
    [InlineData("""{"name":"web"}""", "remoteUrl")]
    [InlineData("""{"name":"web","remoteUrl":"https://github.com/acme"}""", "remoteUrl")]
    [InlineData("""{"name":"web","remoteUrl":"/srv/git/web.git"}""", "remoteUrl")]
    [InlineData("""{"name":"web","remoteUrl":"https://github.com/acme/web","provider":"bitbucket"}""", "provider")]
    [InlineData("""{"name":"web","remoteUrl":"https://github.com/acme/web","connectionId":"6c8f2f8e-0f5f-4a43-9d6c-3b9f1f7c9a10"}""", "connectionId")]
    public async Task Post_InvalidField_Answers400ValidationProblem(string json, string field)
    {
        var (client, _) = await host.CreateUserClientAsync("invalid");

        var response = await client.PostAsync("/api/repositories", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ProblemBody>();
        Assert.True(problem!.Errors!.ContainsKey(field), $"errors: {string.Join(", ", problem.Errors.Keys)}");
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("")]
    [InlineData("[1,2,3]")]
    [InlineData("""{"name": 5, "remoteUrl": true}""")]
    public async Task Post_MalformedBody_Answers400ProblemDetails(string body)
    {
        var (client, _) = await host.CreateUserClientAsync("malformed");

        var response = await client.PostAsync("/api/repositories", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Post_SameRemoteTwice_Answers409WithExistingId()
    {
        var (client, _) = await host.CreateUserClientAsync("twice");
        var first = await client.PostAsJsonAsync("/api/repositories", new { name = "web", remoteUrl = "https://github.com/acme/twice" });
        var firstId = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var second = await client.PostAsJsonAsync("/api/repositories", new { name = "web", remoteUrl = "git@github.com:ACME/Twice.git" });

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var problem = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(firstId, problem.GetProperty("existingRepositoryId").GetGuid());
    }

    [Fact]
    public async Task Get_AnotherUsersRepository_Answers404()
    {
        var (owner, _) = await host.CreateUserClientAsync("owner");
        var (stranger, _) = await host.CreateUserClientAsync("stranger");
        var created = await owner.PostAsJsonAsync("/api/repositories", new { name = "web", remoteUrl = "https://github.com/acme/secret-project" });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var response = await stranger.GetAsync($"/api/repositories/{id}");
        var list = await stranger.GetFromJsonAsync<JsonElement[]>("/api/repositories");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain(list!, r => r.GetProperty("id").GetGuid() == id);
    }

    [Fact]
    public async Task Get_NonUuidId_Answers404()
    {
        var (client, _) = await host.CreateUserClientAsync("nonuuid");

        var response = await client.GetAsync("/api/repositories/not-a-uuid");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
