using System.Text.Json.Nodes;
using Bob.Git.Abstractions;
using Bob.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bob.Git.Gitea.Tests;

/// <summary>
/// The Gitea client against a fake Gitea on 127.0.0.1 that checks each request against the API v1 documentation (swagger
/// <c>templates/swagger/v1_json.tmpl</c>) and answers with the pull request and user objects of a real gitea.com delivery
/// (Resources/gitea/SOURCE.md): the webhook's <c>pull_request</c> and <c>sender</c> are the API's PullRequest and User.
/// </summary>
public sealed class GiteaClientTests : IAsyncLifetime
{
    private const string Token = "gitea-pat-0123456789abcdef";
    private ProviderTestHost _host = null!;
    private IGitProviderClient _client = null!;
    private RemoteRepositoryIdentity _repository = null!;

    private FakeProviderServer Server => _host.Server;

    public async Task InitializeAsync()
    {
        _host = await ProviderTestHost.StartAsync((git, _) => git.AddGitea());
        var instance = GitInstance.Create(GitProvider.Gitea, Server.BaseUri.ToString());
        _client = _host.Client(GitProvider.Gitea, instance, Token);
        _repository = new RemoteRepositoryIdentity(instance, "anbraten", "test-repo");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static JsonObject Delivery() => JsonNode.Parse(EmbeddedPayloads.Read<GiteaClientTests>("gitea", "pull_request.merged.json"))!.AsObject();

    /// <summary>The delivery's pull request as the API returns an open one (Gitea sets state, merged and merged_at so).</summary>
    private static string OpenPullRequest(string title)
    {
        var pr = Delivery()["pull_request"]!.AsObject();
        pr["state"] = "open";
        pr["merged"] = false;
        pr["merged_at"] = null;
        pr["title"] = title;
        return pr.ToJsonString();
    }

    private static string MergedPullRequest() => Delivery()["pull_request"]!.ToJsonString();

    private static readonly System.Text.Json.JsonElement SwaggerBodies =
        System.Text.Json.JsonDocument.Parse(EmbeddedPayloads.Read<GiteaClientTests>("gitea", "swagger-request-bodies.json")).RootElement;

    private static void AssertGiteaRequest(RecordedRequest request, string method, string pathAndQuery)
    {
        Assert.Equal($"{method} {pathAndQuery}", request.ToString());
        Assert.Equal($"token {Token}", request.Header("Authorization"));
        Assert.Contains("application/json", request.Header("Accept"), StringComparison.Ordinal);
        if (request.Body.Length > 0)
        {
            AssertBodyMatchesSwagger(request);
        }
    }

    /// <summary>The body uses only properties of the operation's swagger definition, of their types, with every required one.</summary>
    internal static void AssertBodyMatchesSwagger(RecordedRequest request)
    {
        var template = System.Text.RegularExpressions.Regex.Replace(request.Path["/api/v1".Length..], @"^/repos/[^/]+/[^/]+", "/repos/{owner}/{repo}");
        template = System.Text.RegularExpressions.Regex.Replace(template, @"/(pulls|issues)/\d+", "/$1/{index}");
        template = System.Text.RegularExpressions.Regex.Replace(template, @"/issues/comments/\d+", "/issues/comments/{id}");
        Assert.True(SwaggerBodies.TryGetProperty($"{request.Method} {template}", out var definition), $"No swagger body for {request.Method} {template}.");
        var properties = definition.GetProperty("properties");
        var body = request.Json;
        foreach (var property in body.EnumerateObject())
        {
            Assert.True(properties.TryGetProperty(property.Name, out var type), $"{request}: '{property.Name}' is not in {definition.GetProperty("schema").GetString()}.");
            if (type.ValueKind == System.Text.Json.JsonValueKind.Array)
            {
                Assert.Contains(property.Value.GetString(), type.EnumerateArray().Select(v => v.GetString()));
            }
            else
            {
                var expected = type.GetString() switch { "string" => System.Text.Json.JsonValueKind.String, "integer" => System.Text.Json.JsonValueKind.Number, "array" => System.Text.Json.JsonValueKind.Array, _ => System.Text.Json.JsonValueKind.True };
                Assert.True(property.Value.ValueKind == expected || (expected == System.Text.Json.JsonValueKind.True && property.Value.ValueKind == System.Text.Json.JsonValueKind.False), $"{request}: '{property.Name}' should be {type}.");
            }
        }

        foreach (var required in definition.GetProperty("required").EnumerateArray())
        {
            Assert.True(body.TryGetProperty(required.GetString()!, out _), $"{request}: '{required}' is required.");
        }
    }

    [Fact]
    public async Task GetCurrentUser_GetsApiV1User_WithTheTokenScheme()
    {
        Server.Handler = r => r.Path == "/api/v1/user" ? FakeResponse.Json(200, Delivery()["sender"]!.ToJsonString()) : null;

        var user = await _client.GetCurrentUserAsync();

        AssertGiteaRequest(Assert.Single(Server.Requests), "GET", "/api/v1/user");
        Assert.Equal("anbraten", user.Login);
        Assert.Equal((string?)Delivery()["sender"]!["id"]!.ToString(), user.AccountId);
        Assert.Empty(user.Scopes);
    }

    [Fact]
    public async Task CreateDraft_PostsTheWipPrefixedTitle_AndReadsItBackAsADraft()
    {
        Server.Handler = r => r is { Method: "POST", Path: "/api/v1/repos/anbraten/test-repo/pulls" } ? FakeResponse.Json(201, OpenPullRequest("WIP: Adjust file")) : null;

        var pr = await _client.CreatePullRequestAsync(_repository, new CreatePullRequest("anbraten-patch-1", "main", "Adjust file", "Body text", Draft: true));

        var request = Assert.Single(Server.Requests);
        AssertGiteaRequest(request, "POST", "/api/v1/repos/anbraten/test-repo/pulls");
        Assert.Equal("""{"head":"anbraten-patch-1","base":"main","title":"WIP: Adjust file","body":"Body text"}""", request.Body);
        Assert.Equal(PullRequestStatus.Draft, pr.Status);
        Assert.Equal("Adjust file", pr.Title);
        Assert.Equal(1, pr.Number);
        Assert.Equal("anbraten-patch-1", pr.HeadBranch);
        Assert.Equal("d555a5dd07f4d0148a58d4686ec381502ae6a2d4", pr.HeadSha);
        Assert.Equal("https://gitea.com/anbraten/test-repo/pulls/1", pr.Url);
    }

    [Fact]
    public async Task MarkReady_RewritesTheCurrentTitleWithoutThePrefix_AndSendsNothingElse()
    {
        Server.Handler = r => (r.Method, r.Path) switch
        {
            ("GET", "/api/v1/repos/anbraten/test-repo/pulls/1") => FakeResponse.Json(200, OpenPullRequest("WIP: Adjust file")),
            ("PATCH", "/api/v1/repos/anbraten/test-repo/pulls/1") => FakeResponse.Json(201, OpenPullRequest("Adjust file")),
            _ => null,
        };

        var pr = await _client.UpdatePullRequestAsync(_repository, 1, new UpdatePullRequest(Draft: false));

        var patch = Server.Requests.Last();
        AssertGiteaRequest(patch, "PATCH", "/api/v1/repos/anbraten/test-repo/pulls/1");
        Assert.Equal("""{"title":"Adjust file"}""", patch.Body);
        Assert.Equal(PullRequestStatus.Open, pr.Status);
    }

    [Fact]
    public async Task NewTitle_OfADraft_KeepsItADraft()
    {
        Server.Handler = r => (r.Method, r.Path) switch
        {
            ("GET", "/api/v1/repos/anbraten/test-repo/pulls/1") => FakeResponse.Json(200, OpenPullRequest("WIP: Adjust file")),
            ("PATCH", "/api/v1/repos/anbraten/test-repo/pulls/1") => FakeResponse.Json(201, OpenPullRequest("WIP: Better title")),
            _ => null,
        };

        await _client.UpdatePullRequestAsync(_repository, 1, new UpdatePullRequest(Title: "Better title", Closed: true));

        Assert.Equal("""{"title":"WIP: Better title","state":"closed"}""", Server.Requests.Last().Body);
    }

    [Fact]
    public async Task Merge_SendsDoAndTheExpectedHead_ThenReadsTheMergedPullRequest()
    {
        Server.Handler = r => (r.Method, r.Path) switch
        {
            ("POST", "/api/v1/repos/anbraten/test-repo/pulls/1/merge") => new FakeResponse(200),
            ("GET", "/api/v1/repos/anbraten/test-repo/pulls/1") => FakeResponse.Json(200, MergedPullRequest()),
            _ => null,
        };

        var pr = await _client.MergePullRequestAsync(_repository, 1, MergeMethod.Squash, "d555a5dd07f4d0148a58d4686ec381502ae6a2d4");

        var merge = Server.Requests.First();
        AssertGiteaRequest(merge, "POST", "/api/v1/repos/anbraten/test-repo/pulls/1/merge");
        Assert.Equal("""{"Do":"squash","head_commit_id":"d555a5dd07f4d0148a58d4686ec381502ae6a2d4"}""", merge.Body);
        Assert.Equal(PullRequestStatus.Merged, pr.Status);
        Assert.Equal(new DateTimeOffset(2023, 12, 5, 18, 35, 31, TimeSpan.Zero), pr.MergedAt);
    }

    [Theory]
    [InlineData(409, """{"message":"head out of date","url":"https://gitea.com/api/swagger"}""")]
    [InlineData(405, """{"message":"squash is not allowed an allowed merge style for this repository","url":"https://gitea.com/api/swagger"}""")]
    public async Task Merge_RefusedByGitea_IsAConflictNamingGiteasReason(int status, string body)
    {
        Server.Handler = r => r.Path.EndsWith("/merge", StringComparison.Ordinal) ? FakeResponse.Json(status, body) : null;

        var ex = await Assert.ThrowsAsync<GitProviderException>(() => _client.MergePullRequestAsync(_repository, 1, MergeMethod.Squash, "d555a5dd07f4d0148a58d4686ec381502ae6a2d4"));
        Assert.Equal(BobErrorKind.Conflict, ex.Kind);

        Assert.Single(Server.Requests); // a refused merge is not retried
        Assert.Contains(status == 409 ? "head out of date" : "not allowed", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListOpen_FollowsLinkNextAcrossPages()
    {
        var page2 = new Uri(Server.BaseUri, "api/v1/repos/anbraten/test-repo/pulls?state=open&limit=50&page=2");
        Server.Handler = r => (r.Path, r.Query) switch
        {
            ("/api/v1/repos/anbraten/test-repo/pulls", "?state=open&limit=50") => FakeResponse.Json(200, $"[{OpenPullRequest("First")}]", new Dictionary<string, string>
            {
                ["Link"] = $"<{page2}>; rel=\"next\", <{page2}>; rel=\"last\"",
                ["X-Total-Count"] = "2",
            }),
            ("/api/v1/repos/anbraten/test-repo/pulls", "?state=open&limit=50&page=2") => FakeResponse.Json(200, $"[{OpenPullRequest("Second")}]", new Dictionary<string, string> { ["X-Total-Count"] = "2" }),
            _ => null,
        };

        var open = await _client.ListOpenPullRequestsAsync(_repository);

        Assert.Equal(["First", "Second"], open.Select(p => p.Title));
        Assert.Equal(2, Server.Requests.Count);
        Assert.All(Server.Requests, r => Assert.Equal($"token {Token}", r.Header("Authorization")));
    }

    [Fact]
    public async Task APageLinkToAnotherHost_IsRefused_AndTheTokenIsNotSentThere()
    {
        Server.Handler = r => FakeResponse.Json(200, $"[{OpenPullRequest("First")}]", new Dictionary<string, string>
        {
            ["Link"] = "<https://attacker.example/api/v1/repos/anbraten/test-repo/pulls?page=2>; rel=\"next\"",
        });

        var refused = await Assert.ThrowsAsync<GitProviderException>(() => _client.ListOpenPullRequestsAsync(_repository));
        Assert.True(refused.IsInstanceNotAllowed);

        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task Commits_AreListedWithoutVerificationOrFiles()
    {
        // A Commit object as swagger's "Commit" definition describes it (see Resources/gitea/SOURCE.md).
        const string commits = """
            [{"url":"https://gitea.com/api/v1/repos/anbraten/test-repo/git/commits/d555a5dd07f4d0148a58d4686ec381502ae6a2d4",
              "sha":"d555a5dd07f4d0148a58d4686ec381502ae6a2d4","created":"2023-12-05T18:35:21Z",
              "html_url":"https://gitea.com/anbraten/test-repo/commit/d555a5dd07f4d0148a58d4686ec381502ae6a2d4",
              "commit":{"url":"https://gitea.com/api/v1/repos/anbraten/test-repo/git/commits/d555a5dd07f4d0148a58d4686ec381502ae6a2d4",
                "author":{"name":"Anbraten","email":"anbraten@noreply.gitea.com","date":"2023-12-05T18:35:21Z"},
                "committer":{"name":"Anbraten","email":"anbraten@noreply.gitea.com","date":"2023-12-05T18:35:21Z"},
                "message":"Adjust file\n","tree":{"url":"","sha":"4b825dc642cb6eb9a060e54bf8d69288fbee4904","created":"2023-12-05T18:35:21Z"},
                "verification":null},
              "author":null,"committer":null,"parents":[],"files":null,"stats":null}]
            """;
        Server.Handler = r => r.Path == "/api/v1/repos/anbraten/test-repo/pulls/1/commits" ? FakeResponse.Json(200, commits) : null;

        var list = await _client.ListPullRequestCommitsAsync(_repository, 1);

        AssertGiteaRequest(Assert.Single(Server.Requests), "GET", "/api/v1/repos/anbraten/test-repo/pulls/1/commits?limit=50&verification=false&files=false");
        var commit = Assert.Single(list);
        Assert.Equal("d555a5dd07f4d0148a58d4686ec381502ae6a2d4", commit.Sha);
        Assert.Equal("Adjust file\n", commit.Message);
        Assert.Equal("anbraten@noreply.gitea.com", commit.AuthorEmail);
    }

    [Fact]
    public async Task RejectedToken_IsUnauthorized_WithoutTheTokenInTheError()
    {
        Server.Handler = _ => FakeResponse.Json(401, """{"message":"user does not exist [uid: 0, name: ]","url":"https://gitea.com/api/swagger"}""");

        var ex = await Assert.ThrowsAsync<GitProviderException>(() => _client.GetCurrentUserAsync());
        Assert.Equal(BobErrorKind.Unauthorized, ex.Kind);

        Assert.Equal(GitProvider.Gitea, ex.Provider);
        Assert.DoesNotContain(Token, ex.ToString(), StringComparison.Ordinal);
        Assert.Single(Server.Requests);
    }

    [Theory]
    [InlineData("owner", true)]
    [InlineData("admin", true)]
    [InlineData("write", true)]
    [InlineData("read", false)]
    [InlineData("none", false)]
    public async Task CanWrite_IsTheCollaboratorsPermission_AsGiteaNamesIt(string permission, bool writes)
    {
        Server.Handler = r => r is { Method: "GET", Path: "/api/v1/repos/anbraten/test-repo/collaborators/ana/permission" }
            ? FakeResponse.Json(200, $$"""{"permission":"{{permission}}","role_name":"{{permission}}","user":{{Delivery()["sender"]!.ToJsonString()}}}""")
            : null;

        Assert.Equal(writes, await _client.CanWriteAsync(_repository, "ana", "3"));
        Assert.Equal($"token {Token}", Server.Requests.Last().Header("Authorization"));
    }

    [Fact]
    public async Task CanWrite_ForSomeoneNotACollaborator_IsFalse()
    {
        Server.Handler = r => r.Path.EndsWith("/permission", StringComparison.Ordinal) ? FakeResponse.Json(404, """{"message":"user is not a collaborator","url":"https://gitea.com/api/swagger"}""") : null;

        Assert.False(await _client.CanWriteAsync(_repository, "stranger", null));
    }
}
