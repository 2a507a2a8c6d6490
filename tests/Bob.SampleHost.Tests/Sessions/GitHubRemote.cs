using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Bob.Testing;

namespace Bob.SampleHost.Tests;

/// <summary>
/// A fake GitHub Enterprise Server on 127.0.0.1 with one repository, <c>acme/web</c>: the REST API (<c>/api/v3</c>: the
/// user, pull requests) and a real bare repository with one commit on <c>main</c> served over smart HTTP
/// (<c>git http-backend</c>). Both check the token.
/// </summary>
internal sealed class GitHubRemote : IAsyncDisposable
{
    private GitHubRemote(FakeProviderServer server, FakeGitHubPulls pulls, string bare, string token)
    {
        Server = server;
        Pulls = pulls;
        Bare = bare;
        Token = token;
    }

    public FakeProviderServer Server { get; }

    public FakeGitHubPulls Pulls { get; }

    /// <summary>The bare repository behind <c>acme/web</c>.</summary>
    public string Bare { get; }

    public string Token { get; }

    public Uri BaseUri => Server.BaseUri;

    /// <summary>Seeds <c>acme/web</c> under <paramref name="directory"/> and starts the server.</summary>
    public static async Task<GitHubRemote> StartAsync(string directory, string token)
    {
        var seed = Path.Combine(directory, "seed");
        var gitRoot = Path.Combine(directory, "remotes");
        var bare = Path.Combine(gitRoot, "acme", "web.git");
        await Git("init", "--quiet", "-b", "main", seed);
        await File.WriteAllTextAsync(Path.Combine(seed, "README.md"), "# web\n");
        await Git("-C", seed, "add", ".");
        await Git("-C", seed, "-c", "user.name=Seed", "-c", "user.email=seed@example.org", "commit", "--quiet", "-m", "Initial commit");
        Directory.CreateDirectory(Path.GetDirectoryName(bare)!);
        await Git("clone", "--quiet", "--bare", seed, bare);

        var server = await FakeProviderServer.StartAsync();
        server.GitRoot = gitRoot;
        server.GitAuthorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"x-access-token:{token}"));
        var pulls = new FakeGitHubPulls(server.BaseUri, "acme", "web", bare);
        var user = Encoding.UTF8.GetString(EmbeddedPayloads.Read<GitHubRemote>("github-api", "private-user.json"));
        server.Handler = r => r.Header("Authorization") != $"Bearer {token}" ? FakeResponse.Json(401, """{"message":"Bad credentials"}""")
            : r.Path == "/api/v3/user" ? FakeResponse.Json(200, user)
            : pulls.Handle(r);
        return new GitHubRemote(server, pulls, bare, token);
    }

    /// <summary>Runs git; fails the test when it fails.</summary>
    public static async Task<string> Git(params string[] arguments)
    {
        var (exitCode, output) = await GitCli.RunAsync(arguments);
        Assert.True(exitCode == 0, $"git {string.Join(' ', arguments)}: {output}");
        return output.Trim();
    }

    /// <summary>Connects the client's user with the token and registers <c>acme/web</c>; returns the repository id.</summary>
    public async Task<Guid> RegisterAsync(HttpClient client)
    {
        var connection = await SessionPushTests.Json(await client.PostAsJsonAsync("/api/connections/pat", new { provider = "github", instanceUrl = BaseUri.ToString(), token = Token }), HttpStatusCode.Created);
        var repository = await SessionPushTests.Json(
            await client.PostAsJsonAsync("/api/repositories", new { name = "web", remoteUrl = RemoteUrl, provider = "github", connectionId = connection.GetProperty("id").GetGuid() }),
            HttpStatusCode.Created);
        return repository.GetProperty("id").GetGuid();
    }

    /// <summary>The repository's clone URL.</summary>
    public string RemoteUrl => new Uri(BaseUri, "acme/web.git").ToString();

    /// <summary>GitHub's documented <c>pull_request</c> delivery (closed) for pull request <paramref name="number"/>, merged now.</summary>
    public byte[] MergedDelivery(int number, string branch, string title)
    {
        var payload = JsonNode.Parse(EmbeddedPayloads.Read<GitHubRemote>("github", "pull_request.closed.json"))!.AsObject();
        var pr = payload["pull_request"]!.AsObject();
        var now = DateTimeOffset.UtcNow.AddSeconds(5).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        pr["number"] = number;
        pr["state"] = "closed";
        pr["merged"] = true;
        pr["merged_at"] = now;
        pr["closed_at"] = now;
        pr["updated_at"] = now;
        pr["draft"] = false;
        pr["title"] = title;
        pr["head"]!["ref"] = branch;
        pr["base"]!["ref"] = "main";
        payload["repository"]!["html_url"] = new Uri(BaseUri, "acme/web").ToString();
        payload["repository"]!["full_name"] = "acme/web";
        payload["repository"]!["name"] = "web";
        return Encoding.UTF8.GetBytes(payload.ToJsonString());
    }

    /// <summary>
    /// GitHub's documented <c>pull_request</c> delivery of <paramref name="action"/> (<c>synchronize</c>: a new head was
    /// pushed; <c>ready_for_review</c>) for pull request <paramref name="number"/>, open with head <paramref name="headSha"/>,
    /// updated at <paramref name="updatedAt"/> (GitHub's times have whole seconds: two reports in one second tie).
    /// </summary>
    public byte[] PullRequestDelivery(string action, int number, string branch, string title, string headSha, bool draft, DateTimeOffset updatedAt)
    {
        var payload = JsonNode.Parse(EmbeddedPayloads.Read<GitHubRemote>("github", $"pull_request.{action}.json"))!.AsObject();
        var pr = payload["pull_request"]!.AsObject();
        pr["number"] = number;
        pr["html_url"] = new Uri(BaseUri, $"acme/web/pull/{number}").ToString();
        pr["state"] = "open";
        pr["merged"] = false;
        pr["merged_at"] = null;
        pr["closed_at"] = null;
        pr["updated_at"] = updatedAt.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        pr["draft"] = draft;
        pr["title"] = title;
        pr["head"]!["ref"] = branch;
        pr["head"]!["sha"] = headSha;
        pr["base"]!["ref"] = "main";
        payload["repository"]!["html_url"] = new Uri(BaseUri, "acme/web").ToString();
        payload["repository"]!["full_name"] = "acme/web";
        payload["repository"]!["name"] = "web";
        return Encoding.UTF8.GetBytes(payload.ToJsonString());
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
