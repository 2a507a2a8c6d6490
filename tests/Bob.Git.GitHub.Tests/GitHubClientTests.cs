using System.Text.Json.Nodes;
using Bob.Git.Abstractions;
using Bob.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bob.Git.GitHub.Tests;

/// <summary>
/// The Octokit-based client against a fake GitHub Enterprise Server on 127.0.0.1 (<c>/api/v3</c>, <c>/api/graphql</c>):
/// every REST request is checked against GitHub's OpenAPI description, answers are its published examples
/// (Resources/github/SOURCE.md).
/// </summary>
public sealed class GitHubClientTests : IAsyncLifetime
{
    private const string Token = "fake-github-token-for-tests";
    private const string Repo = "/api/v3/repos/octocat/Hello-World";
    private ProviderTestHost _host = null!;
    private IGitProviderClient _client = null!;
    private RemoteRepositoryIdentity _repository = null!;

    private FakeProviderServer Server => _host.Server;

    public async Task InitializeAsync()
    {
        _host = await ProviderTestHost.StartAsync((git, _) => git.AddGitHub(), http => http.MaxRetryDelay = TimeSpan.FromSeconds(1));
        var instance = GitInstance.Create(GitProvider.GitHub, Server.BaseUri.ToString());
        _client = _host.Client(GitProvider.GitHub, instance, Token);
        _repository = new RemoteRepositoryIdentity(instance, "octocat", "Hello-World");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static string Api(string file) => System.Text.Encoding.UTF8.GetString(EmbeddedPayloads.Read<GitHubClientTests>("github-api", file));

    /// <summary>The published example, open as GitHub sends an open pull request (the example carries merged_at and closed_at, which an open one has null).</summary>
    private static string PullRequest(Action<JsonObject>? change = null)
    {
        var pr = JsonNode.Parse(Api("pull-request.json"))!.AsObject();
        pr["merged_at"] = null;
        pr["closed_at"] = null;
        change?.Invoke(pr);
        return pr.ToJsonString();
    }

    private void AssertEveryRestRequestConforms()
    {
        foreach (var request in Server.Requests.Where(r => r.Path.StartsWith("/api/v3/", StringComparison.Ordinal)))
        {
            OpenApiRequestCheck.AssertConforms(request);
            Assert.Equal($"Bearer {Token}", request.Header("Authorization"));
            Assert.Contains("Bob-Git-Integration", request.Header("User-Agent"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task GetCurrentUser_ReadsTheAccount_AndClassicScopesFromXOAuthScopes()
    {
        Server.Handler = r => r.Path == "/api/v3/user" ? FakeResponse.Json(200, Api("private-user.json"), new Dictionary<string, string> { ["X-OAuth-Scopes"] = "repo, read:org" }) : null;

        var user = await _client.GetCurrentUserAsync();

        AssertEveryRestRequestConforms();
        Assert.Equal(("1", "octocat", "monalisa octocat"), (user.AccountId, user.Login, user.DisplayName));
        Assert.Equal(["repo", "read:org"], user.Scopes);
    }

    [Fact]
    public async Task GetCurrentUser_WithAFineGrainedToken_HasNoScopes()
    {
        Server.Handler = r => r.Path == "/api/v3/user" ? FakeResponse.Json(200, Api("private-user.json")) : null;

        var user = await _client.GetCurrentUserAsync();

        Assert.Empty(user.Scopes);
    }

    [Fact]
    public async Task CreateDraft_PostsDraftTrue_PerTheOpenApiSchema()
    {
        Server.Handler = r => r is { Method: "POST", Path: Repo + "/pulls" } ? FakeResponse.Json(201, PullRequest(pr => pr["draft"] = true)) : null;

        var pr = await _client.CreatePullRequestAsync(_repository, new CreatePullRequest("new-topic", "master", "Amazing new feature", "Please pull these awesome changes in!"));

        AssertEveryRestRequestConforms();
        var body = Assert.Single(Server.Requests).Json;
        Assert.Equal(("Amazing new feature", "new-topic", "master", true), (body.GetProperty("title").GetString(), body.GetProperty("head").GetString(), body.GetProperty("base").GetString(), body.GetProperty("draft").GetBoolean()));
        Assert.Equal((1347, PullRequestStatus.Draft, "6dcb09b5b57875f334f61aebed695e2e4193db5e"), (pr.Number, pr.Status, pr.HeadSha));
        Assert.Equal("https://github.com/octocat/Hello-World/pull/1347", pr.Url);
    }

    [Fact]
    public async Task MarkReady_UsesTheGraphQLMutation_WithThePullRequestsNodeId()
    {
        var gets = 0;
        Server.Handler = r => (r.Method, r.Path) switch
        {
            ("GET", Repo + "/pulls/1347") => FakeResponse.Json(200, PullRequest(pr => pr["draft"] = Interlocked.Increment(ref gets) == 1)),
            ("POST", "/api/graphql") => FakeResponse.Json(200, """{"data":{"markPullRequestReadyForReview":{"pullRequest":{"isDraft":false}}}}"""),
            _ => null,
        };

        var pr = await _client.UpdatePullRequestAsync(_repository, 1347, new UpdatePullRequest(Draft: false));

        AssertEveryRestRequestConforms();
        var graphql = Assert.Single(Server.Requests, r => r.Path == "/api/graphql");
        Assert.Equal($"Bearer {Token}", graphql.Header("Authorization"));
        Assert.Contains("markPullRequestReadyForReview(input: {pullRequestId: $id})", graphql.Json.GetProperty("query").GetString(), StringComparison.Ordinal);
        Assert.Equal("MDExOlB1bGxSZXF1ZXN0MQ==", graphql.Json.GetProperty("variables").GetProperty("id").GetString());
        Assert.Equal(PullRequestStatus.Open, pr.Status);
    }

    [Fact]
    public async Task ConvertToDraft_WhenAlreadyADraft_SendsNoMutation()
    {
        Server.Handler = r => r.Path == Repo + "/pulls/1347" ? FakeResponse.Json(200, PullRequest(pr => pr["draft"] = true)) : null;

        await _client.UpdatePullRequestAsync(_repository, 1347, new UpdatePullRequest(Draft: true));

        Assert.DoesNotContain(Server.Requests, r => r.Path == "/api/graphql");
    }

    [Fact]
    public async Task GraphQLErrors_AnsweredWith200_AreTypedErrors()
    {
        Server.Handler = r => (r.Method, r.Path) switch
        {
            ("GET", Repo + "/pulls/1347") => FakeResponse.Json(200, PullRequest()),
            ("POST", "/api/graphql") => FakeResponse.Json(200, """{"data":{"convertPullRequestToDraft":null},"errors":[{"type":"FORBIDDEN","path":["convertPullRequestToDraft"],"locations":[{"line":1,"column":22}],"message":"Resource not accessible by integration"}]}"""),
            _ => null,
        };

        var ex = await Assert.ThrowsAsync<GitProviderException>(() => _client.UpdatePullRequestAsync(_repository, 1347, new UpdatePullRequest(Draft: true)));
        Assert.Equal(BobErrorKind.Forbidden, ex.Kind);

        Assert.Contains("Resource not accessible by integration", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TitleAndClose_ArePatchedTogether()
    {
        Server.Handler = r => r is { Method: "PATCH", Path: Repo + "/pulls/1347" } ? FakeResponse.Json(200, PullRequest(pr => pr["state"] = "closed")) : null;

        var pr = await _client.UpdatePullRequestAsync(_repository, 1347, new UpdatePullRequest(Title: "new title", Closed: true));

        AssertEveryRestRequestConforms();
        var body = Assert.Single(Server.Requests).Json;
        Assert.Equal(("new title", "closed"), (body.GetProperty("title").GetString(), body.GetProperty("state").GetString()));
        Assert.Equal(PullRequestStatus.Closed, pr.Status);
    }

    [Fact]
    public async Task SquashMerge_SendsTheExpectedSha_ThenReadsTheMergedPullRequest()
    {
        Server.Handler = r => (r.Method, r.Path) switch
        {
            ("PUT", Repo + "/pulls/1347/merge") => FakeResponse.Json(200, Api("pull-request-merge-result.json")),
            ("GET", Repo + "/pulls/1347") => FakeResponse.Json(200, PullRequest(pr => { pr["merged"] = true; pr["state"] = "closed"; pr["merged_at"] = "2011-01-26T19:01:12Z"; })),
            _ => null,
        };

        var pr = await _client.MergePullRequestAsync(_repository, 1347, MergeMethod.Squash, "6dcb09b5b57875f334f61aebed695e2e4193db5e");

        AssertEveryRestRequestConforms();
        var merge = Server.Requests.First().Json;
        Assert.Equal(("6dcb09b5b57875f334f61aebed695e2e4193db5e", "squash"), (merge.GetProperty("sha").GetString(), merge.GetProperty("merge_method").GetString()));
        Assert.Equal(PullRequestStatus.Merged, pr.Status);
    }

    [Theory]
    [InlineData(405, """{"message":"Pull Request is not mergeable","documentation_url":"https://docs.github.com/rest/pulls/pulls#merge-a-pull-request"}""")]
    [InlineData(409, """{"message":"Head branch was modified. Review and try the merge again.","documentation_url":"https://docs.github.com/rest/pulls/pulls#merge-a-pull-request"}""")]
    public async Task MergeRefusals_AreConflicts(int status, string body)
    {
        Server.Handler = r => r.Path.EndsWith("/merge", StringComparison.Ordinal) ? FakeResponse.Json(status, body) : null;

        var ex = await Assert.ThrowsAsync<GitProviderException>(() => _client.MergePullRequestAsync(_repository, 1347, MergeMethod.Merge, "6dcb09b5b57875f334f61aebed695e2e4193db5e"));
        Assert.Equal(BobErrorKind.Conflict, ex.Kind);

        Assert.Single(Server.Requests);
        Assert.Contains(JsonNode.Parse(body)!["message"]!.GetValue<string>(), ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A429_IsARateLimitWithItsResetTime_NotOctokitsGenericApiException()
    {
        Server.Handler = _ => FakeResponse.Json(429, """{"message":"API rate limit exceeded"}""", new Dictionary<string, string> { ["Retry-After"] = "3600" });

        var ex = await Assert.ThrowsAsync<GitProviderException>(() => _client.GetPullRequestAsync(_repository, 1347));
        Assert.Equal(BobErrorKind.RateLimited, ex.Kind);

        Assert.NotNull(ex.ResetAt);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task ListOpen_SendsIfNoneMatch_AndAnUnchangedListIsA304()
    {
        const string etag = "\"644b5b0155e6404a9cc4bd9d8b1ae730\"";
        Server.Handler = r => r.Path == Repo + "/pulls"
            ? r.Header("If-None-Match") == etag
                ? new FakeResponse(304, Headers: new Dictionary<string, string> { ["ETag"] = etag })
                : FakeResponse.Json(200, Api("pull-request-simple-items.json"), new Dictionary<string, string> { ["ETag"] = etag })
            : null;

        var first = await _client.ListOpenPullRequestsAsync(_repository);
        var second = await _client.ListOpenPullRequestsAsync(_repository);

        AssertEveryRestRequestConforms();
        var requests = Server.Requests.ToArray();
        Assert.Null(requests[0].Header("If-None-Match"));
        Assert.Equal(etag, requests[1].Header("If-None-Match"));
        Assert.Contains("state=open", requests[0].Query, StringComparison.Ordinal);
        Assert.Equal(first.Select(p => (p.Number, p.Title)), second.Select(p => (p.Number, p.Title)));
        Assert.Equal(1347, Assert.Single(second).Number);
    }

    [Fact]
    public async Task ListOpen_FollowsLinkNext()
    {
        var page2 = new Uri(Server.BaseUri, "api/v3/repositories/1296269/pulls?state=open&per_page=100&page=2");
        Server.Handler = r => r.Query.Contains("page=2", StringComparison.Ordinal)
            ? FakeResponse.Json(200, "[]")
            : FakeResponse.Json(200, Api("pull-request-simple-items.json"), new Dictionary<string, string> { ["Link"] = $"<{page2}>; rel=\"next\", <{page2}>; rel=\"last\"" });

        var open = await _client.ListOpenPullRequestsAsync(_repository);

        Assert.Equal(2, Server.Requests.Count);
        Assert.Single(open);
    }

    [Fact]
    public async Task APageLinkToAnotherHost_IsRefused()
    {
        Server.Handler = _ => FakeResponse.Json(200, Api("pull-request-simple-items.json"), new Dictionary<string, string> { ["Link"] = "<https://attacker.example/api/v3/repositories/1/pulls?page=2>; rel=\"next\"" });

        var refused = await Assert.ThrowsAsync<GitProviderException>(() => _client.ListOpenPullRequestsAsync(_repository));
        Assert.True(refused.IsInstanceNotAllowed);

        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task Commits_AreReadFromTheCommitItems()
    {
        Server.Handler = r => r.Path == Repo + "/pulls/1347/commits" ? FakeResponse.Json(200, Api("commit-items.json")) : null;

        var commits = await _client.ListPullRequestCommitsAsync(_repository, 1347);

        AssertEveryRestRequestConforms();
        var commit = Assert.Single(commits);
        Assert.Equal(("6dcb09b5b57875f334f61aebed695e2e4193db5e", "Fix all the bugs", "support@github.com"), (commit.Sha, commit.Message, commit.AuthorEmail));
    }

    [Fact]
    public async Task DefaultBranch_ComesFromTheRepository()
    {
        Server.Handler = r => r.Path == Repo ? FakeResponse.Json(200, Api("full-repository.json")) : null;

        Assert.Equal("master", await _client.GetDefaultBranchAsync(_repository));
        AssertEveryRestRequestConforms();
    }

    [Fact]
    public async Task AProviderThatDoesNotAnswerInTime_IsUnavailable_NotARawTransportError()
    {
        await using var slow = await ProviderTestHost.StartAsync((git, _) => git.AddGitHub(), http => { http.MaxRetries = 0; http.AttemptTimeout = TimeSpan.FromMilliseconds(300); });
        slow.Server.Handler = _ => new FakeResponse(200, Api("pull-request.json"), Delay: TimeSpan.FromSeconds(5));
        var instance = GitInstance.Create(GitProvider.GitHub, slow.Server.BaseUri.ToString());
        var client = slow.Client(GitProvider.GitHub, instance, Token);

        var ex = await Assert.ThrowsAsync<GitProviderException>(() => client.GetPullRequestAsync(new RemoteRepositoryIdentity(instance, "octocat", "Hello-World"), 1347));
        Assert.Equal(BobErrorKind.Unavailable, ex.Kind);

        Assert.Contains("in time", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnreachableEnterpriseServer_IsUnavailable()
    {
        var closed = GitInstance.Create(GitProvider.GitHub, "http://127.0.0.1:9");
        var client = _host.Client(GitProvider.GitHub, closed, Token);

        var refused = await Assert.ThrowsAsync<GitProviderException>(() => client.GetCurrentUserAsync());
        Assert.Equal(BobErrorKind.Unavailable, refused.Kind);
    }

    [Fact]
    public async Task Cancellation_ReachesTheRequest_ThoughOctokitTakesNoToken()
    {
        Server.Handler = _ => new FakeResponse(200, Api("pull-request.json"), Delay: TimeSpan.FromSeconds(10));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _client.GetPullRequestAsync(_repository, 1347, cancel.Token));
    }

    [Theory]
    [InlineData("admin", "admin", true)]
    [InlineData("write", "maintain", true)]
    [InlineData("write", "write", true)]
    [InlineData("read", "triage", false)]
    [InlineData("none", "none", false)]
    public async Task CanWrite_IsTheCollaboratorsPermission_AsGitHubNamesIt(string permission, string role, bool writes)
    {
        var answer = JsonNode.Parse(Api("repository-collaborator-permission.json"))!.AsObject();
        answer["permission"] = permission; // the example is an admin's; GitHub answers these values for the other roles
        answer["role_name"] = role;
        Server.Handler = r => r is { Method: "GET", Path: Repo + "/collaborators/octocat/permission" } ? FakeResponse.Json(200, answer.ToJsonString()) : null;

        Assert.Equal(writes, await _client.CanWriteAsync(_repository, "octocat", "1"));
        AssertEveryRestRequestConforms();
    }

    [Fact]
    public async Task CanWrite_ForAnAccountGitHubDoesNotKnow_IsFalse()
    {
        Server.Handler = r => r.Path == Repo + "/collaborators/ghost/permission" ? FakeResponse.Json(404, """{"message":"Not Found","documentation_url":"https://docs.github.com/rest"}""") : null;

        Assert.False(await _client.CanWriteAsync(_repository, "ghost", null));
    }
}
