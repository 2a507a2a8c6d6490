using System.Text.Json.Nodes;
using Bob.Git.Abstractions;
using Bob.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bob.Git.GitLab.Tests;

/// <summary>
/// The GitLab client against a fake GitLab on 127.0.0.1 that checks each request against the REST v4 documentation and
/// answers with the documentation's example responses (Resources/gitlab/SOURCE.md). The instance has a relative URL root
/// (<c>/gitlab</c>), as self-managed installations may.
/// </summary>
public sealed class GitLabClientTests : IAsyncLifetime
{
    private const string Token = "fake-gitlab-token-for-tests";
    private ProviderTestHost _host = null!;
    private IGitProviderClient _client = null!;
    private RemoteRepositoryIdentity _repository = null!;

    private FakeProviderServer Server => _host.Server;

    public async Task InitializeAsync()
    {
        _host = await ProviderTestHost.StartAsync((git, _) => git.AddGitLab());
        var instance = GitInstance.Create(GitProvider.GitLab, new Uri(Server.BaseUri, "gitlab").ToString());
        _client = _host.Client(GitProvider.GitLab, instance, Token);
        _repository = new RemoteRepositoryIdentity(instance, "my-group", "my-project");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static string Api(string file) => System.Text.Encoding.UTF8.GetString(EmbeddedPayloads.Read<GitLabClientTests>("gitlab-api", file));

    /// <summary>The documented merge request, opened (GitLab clears <c>merged_at</c> and sets <c>draft</c> with the title).</summary>
    private static string OpenMergeRequest(string title, bool draft = false, string sha = "8888888888888888888888888888888888888888")
    {
        var mr = JsonNode.Parse(Api("merge_request.json"))!.AsObject();
        mr["state"] = "opened";
        mr["merged_at"] = null;
        mr["merged_by"] = null;
        mr["title"] = title;
        mr["draft"] = draft;
        mr["work_in_progress"] = draft;
        mr["sha"] = sha;
        return mr.ToJsonString();
    }

    private FakeResponse? Project(RecordedRequest r) =>
        r is { Method: "GET", Path: "/gitlab/api/v4/projects/my-group%2Fmy-project" } ? FakeResponse.Json(200, Api("project.json")) : null;

    private void AssertGitLabRequest(RecordedRequest request, string method, string pathAndQuery)
    {
        Assert.Equal($"{method} {pathAndQuery}", request.ToString());
        Assert.Equal($"Bearer {Token}", request.Header("Authorization"));
    }

    [Fact]
    public async Task GetCurrentUser_ReadsTheUserAndThePersonalAccessTokensScopes()
    {
        Server.Handler = r => r.Path switch
        {
            "/gitlab/api/v4/user" => FakeResponse.Json(200, Api("user.json")),
            "/gitlab/api/v4/personal_access_tokens/self" => FakeResponse.Json(200, Api("personal_access_token_self.json")),
            _ => null,
        };

        var user = await _client.GetCurrentUserAsync();

        Assert.Equal(new[] { "GET /gitlab/api/v4/user", "GET /gitlab/api/v4/personal_access_tokens/self" }, Server.Requests.Select(r => r.ToString()));
        Assert.All(Server.Requests, r => Assert.Equal($"Bearer {Token}", r.Header("Authorization")));
        Assert.Equal(("1", "john_smith", "John Smith"), (user.AccountId, user.Login, user.DisplayName));
        Assert.Equal(["api"], user.Scopes);
    }

    [Fact]
    public async Task GetCurrentUser_WithAnOAuthToken_ReadsScopesFromTokenInfo()
    {
        Server.Handler = r => r.Path switch
        {
            "/gitlab/api/v4/user" => FakeResponse.Json(200, Api("user.json")),
            "/gitlab/api/v4/personal_access_tokens/self" => FakeResponse.Json(404, """{"message":"404 Not Found"}"""),
            "/gitlab/oauth/token/info" => FakeResponse.Json(200, """{"resource_owner_id":1,"scope":["api","read_user"],"expires_in":7200,"application":{"uid":"1cb242f495280beb4291e64bee2a17f330902e499882fe8e1e2aa875519cab33"},"created_at":1575890427}"""),
            _ => null,
        };

        var user = await _client.GetCurrentUserAsync();

        Assert.Equal(["api", "read_user"], user.Scopes);
    }

    [Fact]
    public async Task CreateDraft_ResolvesTheProjectIdOnce_AndPostsADraftTitle()
    {
        Server.Handler = r => Project(r) ?? (r is { Method: "POST", Path: "/gitlab/api/v4/projects/3/merge_requests" } ? FakeResponse.Json(201, OpenMergeRequest("Draft: test1", draft: true)) : null);

        var pr = await _client.CreatePullRequestAsync(_repository, new CreatePullRequest("test1", "master", "test1", "fixed login page css paddings"));
        await _client.CreatePullRequestAsync(_repository, new CreatePullRequest("test1", "master", "test1", "fixed login page css paddings"));

        var requests = Server.Requests.ToArray();
        Assert.Equal(3, requests.Length); // the project lookup happens once
        AssertGitLabRequest(requests[0], "GET", "/gitlab/api/v4/projects/my-group%2Fmy-project");
        AssertGitLabRequest(requests[1], "POST", "/gitlab/api/v4/projects/3/merge_requests");
        Assert.Equal("""{"source_branch":"test1","target_branch":"master","title":"Draft: test1","description":"fixed login page css paddings"}""", requests[1].Body);
        Assert.Equal((PullRequestStatus.Draft, "test1", 1), (pr.Status, pr.Title, pr.Number));
        Assert.Equal("http://gitlab.example.com/my-group/my-project/merge_requests/1", pr.Url);
    }

    [Fact]
    public async Task FindOpen_FiltersBySourceBranch()
    {
        Server.Handler = r => Project(r) ?? (r.Path == "/gitlab/api/v4/projects/3/merge_requests" ? FakeResponse.Json(200, $"[{OpenMergeRequest("test1")}]") : null);

        var pr = await _client.FindOpenPullRequestAsync(_repository, "test1");

        AssertGitLabRequest(Server.Requests.Last(), "GET", "/gitlab/api/v4/projects/3/merge_requests?state=opened&source_branch=test1");
        Assert.Equal(PullRequestStatus.Open, pr!.Status);
    }

    [Fact]
    public async Task MarkReady_StripsTheDraftPrefix_WithPut()
    {
        Server.Handler = r => Project(r) ?? (r.Method, r.Path) switch
        {
            ("GET", "/gitlab/api/v4/projects/3/merge_requests/1") => FakeResponse.Json(200, OpenMergeRequest("Draft: test1", draft: true)),
            ("PUT", "/gitlab/api/v4/projects/3/merge_requests/1") => FakeResponse.Json(200, OpenMergeRequest("test1")),
            _ => null,
        };

        var pr = await _client.UpdatePullRequestAsync(_repository, 1, new UpdatePullRequest(Draft: false));

        var put = Server.Requests.Last();
        AssertGitLabRequest(put, "PUT", "/gitlab/api/v4/projects/3/merge_requests/1");
        Assert.Equal("""{"title":"test1"}""", put.Body);
        Assert.Equal(PullRequestStatus.Open, pr.Status);
    }

    [Fact]
    public async Task Close_SendsTheStateEventOnly()
    {
        Server.Handler = r => Project(r) ?? (r.Method == "PUT" ? FakeResponse.Json(200, OpenMergeRequest("test1")) : null);

        await _client.UpdatePullRequestAsync(_repository, 1, new UpdatePullRequest(Closed: true));

        Assert.Equal("""{"state_event":"close"}""", Server.Requests.Last().Body);
    }

    [Fact]
    public async Task SquashMerge_SendsSquashAndTheExpectedSha()
    {
        Server.Handler = r => Project(r) ?? (r is { Method: "PUT", Path: "/gitlab/api/v4/projects/3/merge_requests/1/merge" } ? FakeResponse.Json(200, Api("merge_request.json")) : null);

        var pr = await _client.MergePullRequestAsync(_repository, 1, MergeMethod.Squash, "8888888888888888888888888888888888888888");

        var merge = Server.Requests.Last();
        AssertGitLabRequest(merge, "PUT", "/gitlab/api/v4/projects/3/merge_requests/1/merge");
        Assert.Equal("""{"squash":true,"sha":"8888888888888888888888888888888888888888"}""", merge.Body);
        Assert.Equal(PullRequestStatus.Merged, pr.Status);
        Assert.Equal(new DateTimeOffset(2018, 9, 7, 11, 16, 17, 520, TimeSpan.Zero), pr.MergedAt);
    }

    [Theory]
    [InlineData(405, """{"message":"405 Method Not Allowed"}""", BobErrorKind.Conflict)]
    [InlineData(406, """{"message":"Branch cannot be merged"}""", BobErrorKind.Conflict)]
    [InlineData(409, """{"message":"SHA does not match HEAD of source branch: 2be7ddb704c7b6b83732fdd5b9f09d5a397b5f8f"}""", BobErrorKind.Conflict)]
    [InlineData(422, """{"message":"Failed to merge"}""", BobErrorKind.Rejected)]
    public async Task MergeRefusals_AreTypedErrors_NotRetried(int status, string body, BobErrorKind expected)
    {
        Server.Handler = r => Project(r) ?? (r.Path.EndsWith("/merge", StringComparison.Ordinal) ? FakeResponse.Json(status, body) : null);

        var ex = await Assert.ThrowsAnyAsync<GitProviderException>(() => _client.MergePullRequestAsync(_repository, 1, MergeMethod.Merge, "8888888888888888888888888888888888888888"));

        Assert.Equal(expected, ex.Kind);
        Assert.Single(Server.Requests, r => r.Path.EndsWith("/merge", StringComparison.Ordinal));
        Assert.Contains(JsonNode.Parse(body)!["message"]!.GetValue<string>(), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RebaseMerge_RebasesPollsAndMergesTheRebasedHead()
    {
        var polls = 0;
        Server.Handler = r => Project(r) ?? (r.Method, r.Path, r.Query) switch
        {
            ("GET", "/gitlab/api/v4/projects/3/merge_requests/1", "") => FakeResponse.Json(200, OpenMergeRequest("test1")),
            ("PUT", "/gitlab/api/v4/projects/3/merge_requests/1/rebase", _) => FakeResponse.Json(202, """{"rebase_in_progress":true}"""),
            ("GET", "/gitlab/api/v4/projects/3/merge_requests/1", "?include_rebase_in_progress=true") => Interlocked.Increment(ref polls) == 1
                ? FakeResponse.Json(200, JsonNode.Parse(OpenMergeRequest("test1"))!.AsObject().Also(o => o["rebase_in_progress"] = true).ToJsonString())
                : FakeResponse.Json(200, JsonNode.Parse(OpenMergeRequest("test1", sha: "2be7ddb704c7b6b83732fdd5b9f09d5a397b5f8f"))!.AsObject().Also(o => o["rebase_in_progress"] = false).ToJsonString()),
            ("PUT", "/gitlab/api/v4/projects/3/merge_requests/1/merge", _) => FakeResponse.Json(200, Api("merge_request.json")),
            _ => null,
        };

        var pr = await _client.MergePullRequestAsync(_repository, 1, MergeMethod.Rebase, "8888888888888888888888888888888888888888");

        Assert.Equal("""{"sha":"2be7ddb704c7b6b83732fdd5b9f09d5a397b5f8f"}""", Server.Requests.Last().Body);
        Assert.Equal(2, polls);
        Assert.Equal(PullRequestStatus.Merged, pr.Status);
    }

    [Fact]
    public async Task Commits_AreReadFromTheDocumentedEntity()
    {
        Server.Handler = r => Project(r) ?? (r.Path == "/gitlab/api/v4/projects/3/merge_requests/1/commits" ? FakeResponse.Json(200, Api("commits.json")) : null);

        var commits = await _client.ListPullRequestCommitsAsync(_repository, 1);

        AssertGitLabRequest(Server.Requests.Last(), "GET", "/gitlab/api/v4/projects/3/merge_requests/1/commits?per_page=100");
        var commit = Assert.Single(commits);
        Assert.Equal(("ed899a2f4b50b4370feeea94676502b42383c746", "user@example.com"), (commit.Sha, commit.AuthorEmail));
        Assert.Equal(new DateTimeOffset(2021, 9, 20, 11, 50, 22, 1, TimeSpan.Zero), commit.CommittedAt);
    }

    [Fact]
    public async Task ListOpen_FollowsGitLabsLinkHeader()
    {
        var next = new Uri(Server.BaseUri, "gitlab/api/v4/projects/3/merge_requests?id=3&page=2&per_page=100&state=opened");
        Server.Handler = r => Project(r) ?? (r.Path, r.Query.Contains("page=2", StringComparison.Ordinal)) switch
        {
            ("/gitlab/api/v4/projects/3/merge_requests", false) => FakeResponse.Json(200, $"[{OpenMergeRequest("one")}]", new Dictionary<string, string>
            {
                ["Link"] = $"<{next}>; rel=\"next\", <{next}>; rel=\"last\"",
                ["X-Next-Page"] = "2",
            }),
            ("/gitlab/api/v4/projects/3/merge_requests", true) => FakeResponse.Json(200, $"[{OpenMergeRequest("Draft: two", draft: true)}]"),
            _ => null,
        };

        var open = await _client.ListOpenPullRequestsAsync(_repository);

        Assert.Equal([("one", PullRequestStatus.Open), ("two", PullRequestStatus.Draft)], open.Select(p => (p.Title, p.Status)));
    }
    [Theory]
    [InlineData(50, true)]
    [InlineData(40, true)]
    [InlineData(30, true)]
    [InlineData(20, false)]
    [InlineData(10, false)]
    public async Task CanWrite_IsDeveloperOrAbove_InheritedMembershipsIncluded(int accessLevel, bool writes)
    {
        Server.Handler = r => Project(r) ?? (r is { Method: "GET", Path: "/gitlab/api/v4/projects/3/members/all/42" }
            ? FakeResponse.Json(200, $$"""{"id":42,"username":"ana","name":"Ana","state":"active","access_level":{{accessLevel}},"expires_at":null}""")
            : null);

        Assert.Equal(writes, await _client.CanWriteAsync(_repository, "ana", "42"));
        AssertGitLabRequest(Server.Requests.Last(), "GET", "/gitlab/api/v4/projects/3/members/all/42");
    }

    [Fact]
    public async Task CanWrite_ForSomeoneNotAMember_OrWithoutAnId_IsFalse()
    {
        Server.Handler = r => Project(r) ?? (r.Path.StartsWith("/gitlab/api/v4/projects/3/members/all/", StringComparison.Ordinal) ? FakeResponse.Json(404, """{"message":"404 Not found"}""") : null);

        Assert.False(await _client.CanWriteAsync(_repository, "stranger", "77"));
        Assert.False(await _client.CanWriteAsync(_repository, "stranger", null));
    }

}

internal static class JsonObjectExtensions
{
    public static JsonObject Also(this JsonObject node, Action<JsonObject> change)
    {
        change(node);
        return node;
    }
}
