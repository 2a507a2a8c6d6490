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
}
