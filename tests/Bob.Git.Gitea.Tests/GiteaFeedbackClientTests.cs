using Bob.Git.Abstractions;
using Bob.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bob.Git.Gitea.Tests;

/// <summary>
/// Reactions and replies against a fake Gitea on 127.0.0.1: each request's method, path and body checked against API v1's
/// swagger (<c>issuePostCommentReaction</c>, <c>issueCreateComment</c>), answered in the shapes it declares.
/// </summary>
public sealed class GiteaFeedbackClientTests : IAsyncLifetime
{
    private const string Token = "gitea-pat-0123456789abcdef";
    private const string Repo = "/api/v1/repos/anbraten/test-repo";
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

    private RecordedRequest Sent()
    {
        var sent = Assert.Single(Server.Requests);
        Assert.Equal($"token {Token}", sent.Header("Authorization"));
        GiteaClientTests.AssertBodyMatchesSwagger(sent);
        return sent;
    }

    [Theory]
    [InlineData(201)]
    [InlineData(200)] // Gitea's answer when the reaction exists already
    public async Task Acknowledge_IsTheEyesReaction_OnTheIssueComment(int status)
    {
        Server.Handler = r => r is { Method: "POST", Path: Repo + "/issues/comments/42/reactions" }
            ? FakeResponse.Json(status, """{"user":{"id":1,"login":"bob"},"content":"eyes","created_at":"2026-03-01T09:00:00Z"}""")
            : null;

        await _client.AcknowledgeCommentAsync(_repository, 7, "42", CommentKind.Conversation);

        Assert.Equal("eyes", Sent().Json.GetProperty("content").GetString());
    }

    [Theory]
    [InlineData(CommentKind.Inline, "gitea-review-thread")]
    [InlineData(CommentKind.Conversation, null)]
    public async Task EveryReply_IsAnIssueComment_ForAPIv1HasNoThreadReplies(CommentKind kind, string? thread)
    {
        Server.Handler = r => r is { Method: "POST", Path: Repo + "/issues/7/comments" }
            ? FakeResponse.Json(201, """{"id":43,"html_url":"https://gitea.com/anbraten/test-repo/pulls/7#issuecomment-43","body":"Done.","user":{"id":1,"login":"bob"},"created_at":"2026-03-01T09:00:00Z","updated_at":"2026-03-01T09:00:00Z"}""")
            : null;

        var posted = await _client.ReplyAsync(_repository, 7, new CommentReplyTarget("42", kind, thread), "Done.");

        Assert.Equal("Done.", Sent().Json.GetProperty("body").GetString());
        Assert.Equal(("43", "https://gitea.com/anbraten/test-repo/pulls/7#issuecomment-43"), (posted.ProviderId, posted.Url));
        Assert.False(await _client.ResolveThreadAsync(_repository, 7, new CommentReplyTarget("42", kind, thread)));
        Assert.Single(Server.Requests); // resolving sent nothing
    }

    [Fact]
    public async Task TheBackfillsList_IsTheSubmittedReviews_AndTheConversation()
    {
        Server.Handler = r => (r.Method, r.Path) switch
        {
            ("GET", Repo + "/pulls/7/reviews") => FakeResponse.Json(200, """
                [{"id":21,"user":{"id":2,"login":"ana"},"state":"REQUEST_CHANGES","body":"Needs a test.","commit_id":"aa","stale":false,"official":true,"dismissed":false,"comments_count":0,"submitted_at":"2026-03-01T09:00:00Z","html_url":"https://gitea.com/anbraten/test-repo/pulls/7#issuecomment-21","pull_request_url":"https://gitea.com/anbraten/test-repo/pulls/7"},
                 {"id":22,"user":{"id":2,"login":"ana"},"state":"PENDING","body":"","dismissed":false,"submitted_at":null},
                 {"id":23,"user":{"id":3,"login":"bo"},"state":"APPROVED","body":"","dismissed":true,"submitted_at":"2026-03-01T09:05:00Z"}]
                """),
            ("GET", Repo + "/issues/7/comments") => FakeResponse.Json(200, """
                [{"id":43,"html_url":"https://gitea.com/anbraten/test-repo/pulls/7#issuecomment-43","pull_request_url":"https://gitea.com/anbraten/test-repo/pulls/7","issue_url":"","user":{"id":2,"login":"ana"},"original_author":"","original_author_id":0,"body":"Why v1?","assets":[],"created_at":"2026-03-01T09:01:00Z","updated_at":"2026-03-01T09:03:00Z"}]
                """),
            _ => null,
        };

        var items = await _client.ListFeedbackAsync(_repository, 7);

        Assert.Equal([("21", ReviewState.ChangesRequested, PullRequestFeedback.Created), ("23", ReviewState.Dismissed, PullRequestFeedback.Ended)],
            items.OfType<ReviewFeedback>().Select(r => (r.ProviderId, r.State, r.Revision)));
        var comment = Assert.Single(items.OfType<CommentFeedback>());
        Assert.Equal(("43", CommentKind.Conversation, PullRequestFeedback.Edited, "Why v1?"), (comment.ProviderId, comment.Kind, comment.Revision, comment.Body));
        Assert.All(Server.Requests, r => Assert.Equal($"token {Token}", r.Header("Authorization")));
    }

    [Fact]
    public async Task TheBackfillsChecks_AreTheCommitsStatuses_WhichAPIv1CallsStatus()
    {
        const string Sha = "7ab50c4b3b8b2a1c9bd1a4c4b3f6d6f9a5d2e0c1";
        Server.Handler = r => r is { Method: "GET", Path: Repo + "/commits/" + Sha + "/statuses" }
            ? FakeResponse.Json(200, """[{"id":12,"status":"failure","target_url":"https://ci.example.org/9","description":"build failed","url":"","context":"ci/build","creator":{"id":1,"login":"bot"},"created_at":"2026-03-01T09:00:00Z","updated_at":"2026-03-01T09:01:00Z"}]""")
            : null;

        var check = Assert.Single(await _client.ListChecksAsync(_repository, Sha));

        Assert.Equal((CheckKind.Status, "ci/build", CheckStatus.Completed, (CheckConclusion?)CheckConclusion.Failure, "12"), (check.Kind, check.Name, check.Status, check.Conclusion, check.ProviderId));
    }
}
