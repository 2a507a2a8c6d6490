using Bob.Git.Abstractions;
using Bob.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bob.Git.GitHub.Tests;

/// <summary>
/// Reactions, replies and resolving threads against a fake GitHub Enterprise Server on 127.0.0.1: every REST request is
/// checked against GitHub's OpenAPI description and answered with its published examples; GraphQL documents are checked
/// for the fields GitHub's schema names.
/// </summary>
public sealed class GitHubFeedbackClientTests : IAsyncLifetime
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

    private void AssertEveryRestRequestConforms()
    {
        foreach (var request in Server.Requests.Where(r => r.Path.StartsWith("/api/v3/", StringComparison.Ordinal)))
        {
            OpenApiRequestCheck.AssertConforms(request);
            Assert.Equal($"Bearer {Token}", request.Header("Authorization"));
        }
    }

    [Theory]
    [InlineData(CommentKind.Inline, Repo + "/pulls/comments/10/reactions", 201)]
    [InlineData(CommentKind.Conversation, Repo + "/issues/comments/10/reactions", 201)]
    [InlineData(CommentKind.Inline, Repo + "/pulls/comments/10/reactions", 200)] // GitHub's answer when the 👀 is there already
    public async Task Acknowledge_IsTheEyesReaction_OnTheCommentsOwnEndpoint(CommentKind kind, string path, int status)
    {
        Server.Handler = r => r is { Method: "POST" } && r.Path == path ? FakeResponse.Json(status, Api("reaction.json")) : null;

        await _client.AcknowledgeCommentAsync(_repository, 1347, "10", kind);

        var request = Assert.Single(Server.Requests);
        Assert.Equal("eyes", request.Json.GetProperty("content").GetString());
        AssertEveryRestRequestConforms();
    }

    [Fact]
    public async Task AReplyToAnInlineComment_GoesToItsThreadsFirstComment()
    {
        Server.Handler = r => r is { Method: "POST", Path: Repo + "/pulls/1347/comments/10/replies" } ? FakeResponse.Json(201, Api("pull-request-review-comment.json")) : null;

        var posted = await _client.ReplyAsync(_repository, 1347, new CommentReplyTarget("12", CommentKind.Inline, "10"), "Done: the redirect is tested.");

        Assert.Equal(("10", "https://github.com/octocat/Hello-World/pull/1#discussion-diff-1"), (posted.ProviderId, posted.Url));
        Assert.Equal("Done: the redirect is tested.", Assert.Single(Server.Requests).Json.GetProperty("body").GetString());
        AssertEveryRestRequestConforms();
    }

    [Fact]
    public async Task AReplyToAConversationComment_IsAnIssueComment()
    {
        Server.Handler = r => r is { Method: "POST", Path: Repo + "/issues/1347/comments" } ? FakeResponse.Json(201, Api("issue-comment.json")) : null;

        var posted = await _client.ReplyAsync(_repository, 1347, new CommentReplyTarget("5", CommentKind.Conversation, null), "Thanks, fixed.");

        Assert.Equal(("1", "https://github.com/octocat/Hello-World/issues/1347#issuecomment-1"), (posted.ProviderId, posted.Url));
        AssertEveryRestRequestConforms();
    }

    [Fact]
    public async Task ResolvingAThreadWithoutItsNodeId_FindsItByItsFirstComment_ThenResolvesIt()
    {
        Server.Handler = r => (r.Method, r.Path) switch
        {
            ("POST", "/api/graphql") when r.Json.GetProperty("query").GetString()!.Contains("reviewThreads", StringComparison.Ordinal) => FakeResponse.Json(200, """
                {"data":{"repository":{"pullRequest":{"reviewThreads":{"nodes":[
                  {"id":"PRRT_other","comments":{"nodes":[{"databaseId":9}]}},
                  {"id":"PRRT_kwDOA","comments":{"nodes":[{"databaseId":10}]}}]}}}}}
                """),
            ("POST", "/api/graphql") => FakeResponse.Json(200, """{"data":{"resolveReviewThread":{"thread":{"isResolved":true}}}}"""),
            _ => null,
        };

        Assert.True(await _client.ResolveThreadAsync(_repository, 1347, new CommentReplyTarget("12", CommentKind.Inline, "10")));

        var calls = Server.Requests.ToList();
        Assert.Equal(2, calls.Count);
        Assert.Equal(("octocat", "Hello-World"), (calls[0].Json.GetProperty("variables").GetProperty("owner").GetString(), calls[0].Json.GetProperty("variables").GetProperty("name").GetString()));
        Assert.Contains("pullRequest(number: 1347)", calls[0].Json.GetProperty("query").GetString(), StringComparison.Ordinal);
        Assert.Contains("resolveReviewThread(input: {threadId: $id})", calls[1].Json.GetProperty("query").GetString(), StringComparison.Ordinal);
        Assert.Equal("PRRT_kwDOA", calls[1].Json.GetProperty("variables").GetProperty("id").GetString());
    }

    [Fact]
    public async Task ResolvingWithAKnownNodeId_AsksNothingFirst_AndAConversationHasNoThread()
    {
        Server.Handler = r => r is { Method: "POST", Path: "/api/graphql" } ? FakeResponse.Json(200, """{"data":{"resolveReviewThread":{"thread":{"isResolved":true}}}}""") : null;

        Assert.True(await _client.ResolveThreadAsync(_repository, 1347, new CommentReplyTarget("12", CommentKind.Inline, "10", "PRRT_known")));
        Assert.False(await _client.ResolveThreadAsync(_repository, 1347, new CommentReplyTarget("5", CommentKind.Conversation, null)));

        Assert.Equal("PRRT_known", Assert.Single(Server.Requests).Json.GetProperty("variables").GetProperty("id").GetString());
    }

    [Fact]
    public async Task ACommentIdThatIsNotGitHubs_IsRefusedBeforeAnythingIsSent()
    {
        var refused = await Assert.ThrowsAsync<BobValidationException>(() => _client.AcknowledgeCommentAsync(_repository, 1347, "gitea-abc", CommentKind.Inline));

        Assert.Equal("commentId", refused.Field);
        Assert.Empty(Server.Requests);
    }

    private FakeResponse? Lists(RecordedRequest r, Dictionary<string, string> etags)
    {
        var file = (r.Method, r.Path) switch
        {
            ("GET", Repo + "/pulls/1347/reviews") => "pull-request-review-items.json",
            ("GET", Repo + "/pulls/1347/comments") => "pull-request-review-comment-items.json",
            ("GET", Repo + "/issues/1347/comments") => "issue-comment-items.json",
            _ => null,
        };
        if (file is null)
        {
            return null;
        }

        var etag = $"\"{file}\"";
        etags[r.Path] = r.Header("If-None-Match") ?? "";
        return r.Header("If-None-Match") == etag
            ? new FakeResponse(304, null, new Dictionary<string, string> { ["ETag"] = etag })
            : FakeResponse.Json(200, Api(file), new Dictionary<string, string> { ["ETag"] = etag });
    }

    [Fact]
    public async Task TheBackfillsList_IsTheReviewsAndBothKindsOfComments_AskedConditionallyOnceSeen()
    {
        var sent = new Dictionary<string, string>();
        Server.Handler = r => Lists(r, sent);

        var first = await _client.ListFeedbackAsync(_repository, 1347);
        var again = await _client.ListFeedbackAsync(_repository, 1347);

        var review = Assert.IsType<ReviewFeedback>(first[0]);
        Assert.Equal(("80", ReviewState.Approved, "octocat", "Here is the body for the review.", PullRequestFeedback.Created), (review.ProviderId, review.State, review.Author, review.Body, review.Revision));
        var inline = Assert.IsType<CommentFeedback>(first[1]);
        Assert.Equal(("10", CommentKind.Inline, "file1.txt", (int?)2, "8", "8"), (inline.ProviderId, inline.Kind, inline.Path, inline.Line, inline.InReplyTo, inline.ThreadId));
        var conversation = Assert.IsType<CommentFeedback>(first[2]);
        Assert.Equal(("1", CommentKind.Conversation, "Me too"), (conversation.ProviderId, conversation.Kind, conversation.Body));
        Assert.Equal(first.Count, again.Count);
        Assert.All(sent.Values, v => Assert.StartsWith("\"", v, StringComparison.Ordinal)); // the second round sent If-None-Match on every list
        Assert.Equal(3, sent.Count);
        foreach (var request in Server.Requests)
        {
            OpenApiRequestCheck.AssertConforms(request);
            Assert.Contains("per_page=100", request.Query, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task APendingReviewIsLeftOut_ADismissedOneEnds_AndAnEditedCommentIsAnEdit()
    {
        var reviews = System.Text.Json.Nodes.JsonNode.Parse(Api("pull-request-review-items.json"))!.AsArray();
        var pending = reviews[0]!.DeepClone();
        pending["id"] = 81;
        pending["state"] = "PENDING";
        var dismissed = reviews[0]!.DeepClone();
        dismissed["id"] = 82;
        dismissed["state"] = "DISMISSED";
        reviews.Add(pending);
        reviews.Add(dismissed);
        var comments = System.Text.Json.Nodes.JsonNode.Parse(Api("issue-comment-items.json"))!.AsArray();
        comments[0]!["updated_at"] = "2011-04-14T16:05:00Z"; // edited five minutes after it was made
        Server.Handler = r => (r.Method, r.Path) switch
        {
            ("GET", Repo + "/pulls/1347/reviews") => FakeResponse.Json(200, reviews.ToJsonString()),
            ("GET", Repo + "/pulls/1347/comments") => FakeResponse.Json(200, "[]"),
            ("GET", Repo + "/issues/1347/comments") => FakeResponse.Json(200, comments.ToJsonString()),
            _ => null,
        };

        var items = await _client.ListFeedbackAsync(_repository, 1347);

        Assert.Equal([("80", PullRequestFeedback.Created, ReviewState.Approved), ("82", PullRequestFeedback.Ended, ReviewState.Dismissed)],
            items.OfType<ReviewFeedback>().Select(r => (r.ProviderId, r.Revision, r.State)));
        Assert.Equal(PullRequestFeedback.Edited, Assert.Single(items.OfType<CommentFeedback>()).Revision);
    }

    [Fact]
    public async Task TheBackfillsChecks_AreTheCombinedStatusesAndTheCheckRuns_AskedConditionallyOnceSeen()
    {
        const string Sha = "6dcb09b5b57875f334f61aebed695e2e4193db5e";
        var conditional = new List<string?>();
        Server.Handler = r =>
        {
            var file = r.Path switch
            {
                Repo + "/commits/" + Sha + "/status" => "combined-commit-status.json",
                Repo + "/commits/" + Sha + "/check-runs" => "check-run-paginated.json",
                _ => null,
            };
            if (file is null)
            {
                return null;
            }

            conditional.Add(r.Header("If-None-Match"));
            return r.Header("If-None-Match") == $"\"{file}\"" ? new FakeResponse(304, null, new Dictionary<string, string> { ["ETag"] = $"\"{file}\"" })
                : FakeResponse.Json(200, Api(file), new Dictionary<string, string> { ["ETag"] = $"\"{file}\"" });
        };

        var checks = await _client.ListChecksAsync(_repository, Sha);
        var again = await _client.ListChecksAsync(_repository, Sha);

        Assert.Equal([(CheckKind.Status, "continuous-integration/jenkins", CheckStatus.Completed, (CheckConclusion?)CheckConclusion.Success), (CheckKind.Status, "security/brakeman", CheckStatus.Completed, CheckConclusion.Success), (CheckKind.CheckRun, "mighty_readme", CheckStatus.Completed, CheckConclusion.Neutral)],
            checks.Select(c => (c.Kind, c.Name, c.Status, c.Conclusion)));
        Assert.Equal(checks.Count, again.Count);
        Assert.Equal([null, null, "\"combined-commit-status.json\"", "\"check-run-paginated.json\""], conditional);
        Assert.All(Server.Requests, r => OpenApiRequestCheck.AssertConforms(r));
    }
}
